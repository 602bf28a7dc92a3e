// Meetings through the API on a real server: scheduling, the agenda with pinned papers, invitations and
// attendance, who may do what, bad input refused without a change, and what visitors of a public workspace see.
import { describe, expect, it } from 'vitest';
import { count, eq } from 'drizzle-orm';
import { useServer } from '../fixtures/suite.ts';
import { apiClient } from '../fixtures/http.ts';
import { addMember, createPartnership, createUser, createWorkspace } from '../fixtures/factory.ts';
import type { TestServer } from '../fixtures/server.ts';
import type { DB } from '../../src/lib/server/db/index.ts';
import {
	agendaItems,
	meetingAttendance,
	meetingInvitations,
	meetingReminderOptOuts,
	meetings,
	mailMessages,
	notifications,
	registerPersonal
} from '../../src/lib/server/db/schema/index.ts';
import { runReminders } from '../../src/lib/server/mail/reminders.ts';
import { dispatchNotifications } from '../../src/lib/server/mail/notify.ts';
import { mailConfig } from '../../src/lib/server/mail/config.ts';

let server: TestServer;
let db: DB;
useServer({ env: { PARITY_MAIL_INTERVAL_MS: '3600000' } }, (s) => ({ server, db } = s));

const rows = async (
	table: typeof meetings | typeof agendaItems | typeof meetingInvitations | typeof meetingAttendance
) => (await db.select({ n: count() }).from(table))[0]!.n;

describe('meetings', () => {
	it('are scheduled, given an agenda with pinned papers, invited to and attended', async () => {
		const p = await createPartnership(db, { visibility: 'public' });
		const fac = apiClient(server, { cookie: p.facilitator.cookie });
		const editor = p.orgs[0].delegate;
		const ed = apiClient(server, { cookie: editor.cookie });
		const visitor = apiClient(server);

		// Only facilitators schedule; times are checked.
		const body = {
			title: 'Partnership board',
			startsAt: '2100-10-31T10:00:00Z',
			endsAt: '2100-10-31T12:00:00Z',
			place: 'Riverside Community Centre',
			onlineLink: 'https://meet.example.org/board'
		};
		expect((await ed.post(`/api/v1/workspaces/${p.workspace.id}/meetings`, body)).status).toBe(403);
		expect((await visitor.post(`/api/v1/workspaces/${p.workspace.id}/meetings`, body)).status).toBe(401);
		const backwards = await fac.post(`/api/v1/workspaces/${p.workspace.id}/meetings`, {
			...body,
			endsAt: '2100-10-31T09:00:00Z'
		});
		expect(backwards.status).toBe(422);
		expect(backwards.json.error.message).toContain('end after it starts');
		const badLink = await fac.post(`/api/v1/workspaces/${p.workspace.id}/meetings`, {
			...body,
			onlineLink: 'javascript:alert(1)'
		});
		expect(badLink.status).toBe(422);
		expect(await rows(meetings)).toBe(0);

		const created = await fac.post(`/api/v1/workspaces/${p.workspace.id}/meetings`, body);
		expect(created.status).toBe(201);
		const m = created.json;
		expect(m).toMatchObject({ title: 'Partnership board', status: 'scheduled', sequence: 0, agenda: [] });
		expect(m.startsAt).toBe('2100-10-31T10:00:00.000Z');

		// A paper is pinned to its latest named version; a document without one is refused.
		const doc = (
			await fac.post(`/api/v1/workspaces/${p.workspace.id}/documents`, {
				title: 'Involvement policy',
				kind: 'reimbursement',
				template: 'reimbursement'
			})
		).json;
		const unnamed = await fac.post(`/api/v1/meetings/${m.id}/agenda`, {
			title: 'Policy',
			documentId: doc.id
		});
		expect(unnamed.status).toBe(422);
		expect(unnamed.json.error.message).toContain('no named version');
		const v1 = (await fac.post(`/api/v1/documents/${doc.id}/versions`, { name: 'Board paper' })).json;
		await fac.post(`/api/v1/meetings/${m.id}/agenda`, { title: 'Welcome', presenter: 'Chair', minutes: 5 });
		const withPaper = await fac.post(`/api/v1/meetings/${m.id}/agenda`, {
			title: 'Involvement policy',
			documentId: doc.id,
			minutes: 30
		});
		expect(withPaper.status).toBe(201);
		expect(withPaper.json.agenda[1]).toMatchObject({ documentId: doc.id, documentVersionId: v1.id });
		// Two links at once, or a document of another workspace, are refused.
		const other = await createWorkspace(db, { facilitatorId: p.facilitator.id });
		const elsewhere = (
			await fac.post(`/api/v1/workspaces/${other.id}/documents`, { title: 'Elsewhere', kind: 'other' })
		).json;
		for (const bad of [
			{ title: 'Both', documentId: doc.id, voteId: 'x' },
			{ title: 'Elsewhere', documentId: elsewhere.id },
			{ title: '' },
			{ title: 'Long', minutes: 0 }
		])
			expect((await fac.post(`/api/v1/meetings/${m.id}/agenda`, bad)).status).toBe(422);
		await fac.post(`/api/v1/meetings/${m.id}/agenda`, { title: 'Any other business' });
		expect(await rows(agendaItems)).toBe(3);

		// Moving the last item first renumbers the rest; removing one closes the gap.
		const list = (await fac.get(`/api/v1/meetings/${m.id}`)).json.agenda;
		expect(list.map((i: { position: number }) => i.position)).toEqual([1, 2, 3]);
		const moved = await fac.patch(`/api/v1/meetings/${m.id}/agenda/${list[2].id}`, { position: 1 });
		expect(moved.json.agenda.map((i: { title: string }) => i.title)).toEqual([
			'Any other business',
			'Welcome',
			'Involvement policy'
		]);
		expect((await ed.delete(`/api/v1/meetings/${m.id}/agenda/${list[2].id}`)).status).toBe(403);
		expect((await fac.delete(`/api/v1/meetings/${m.id}/agenda/${list[2].id}`)).status).toBe(204);
		const after = (await fac.get(`/api/v1/meetings/${m.id}`)).json.agenda;
		expect(after.map((i: { title: string; position: number }) => [i.position, i.title])).toEqual([
			[1, 'Welcome'],
			[2, 'Involvement policy']
		]);

		// Invitations: a member, a guest, a guest whose email is a member's (invited as the member), twice = 409.
		const member = await fac.post(`/api/v1/meetings/${m.id}/invitations`, { userId: editor.id });
		expect(member.status).toBe(201);
		expect(member.json).toMatchObject({ guest: false, organisationId: p.orgs[0].org.id, attendance: null });
		const guest = await fac.post(`/api/v1/meetings/${m.id}/invitations`, {
			name: 'Gita Guest',
			email: 'Gita@Example.org'
		});
		expect(guest.json).toMatchObject({ guest: true, email: 'gita@example.org', userId: null });
		const second = p.orgs[1].delegate;
		const byEmail = await fac.post(`/api/v1/meetings/${m.id}/invitations`, {
			name: 'Whoever',
			email: second.email
		});
		expect(byEmail.json).toMatchObject({ guest: false, userId: second.id, name: second.name });
		expect((await fac.post(`/api/v1/meetings/${m.id}/invitations`, { userId: editor.id })).status).toBe(409);
		const stranger = await createUser(db);
		expect((await fac.post(`/api/v1/meetings/${m.id}/invitations`, { userId: stranger.id })).status).toBe(
			422
		);
		expect(await rows(meetingInvitations)).toBe(3);

		// Attendance: for an organisation or as an individual; an unknown invitation or organisation writes nothing.
		const put = (records: unknown) => fac.put(`/api/v1/meetings/${m.id}/attendance`, { records });
		expect((await put([{ invitationId: 'nope', status: 'present' }])).status).toBe(422);
		expect(
			(
				await put([
					{ invitationId: member.json.id, status: 'present', organisationId: p.orgs[0].org.id },
					{ invitationId: guest.json.id, status: 'present', organisationId: 'not-a-partner' }
				])
			).status
		).toBe(422);
		expect(await rows(meetingAttendance)).toBe(0);
		const recorded = await put([
			{ invitationId: member.json.id, status: 'present', organisationId: p.orgs[0].org.id },
			{ invitationId: guest.json.id, status: 'present', organisationId: null },
			{ invitationId: byEmail.json.id, status: 'apologies' }
		]);
		expect(recorded.status).toBe(200);
		const byId = new Map(
			recorded.json.invitations.map((i: { id: string; attendance: unknown }) => [i.id, i.attendance])
		);
		expect(byId.get(member.json.id)).toMatchObject({ status: 'present', organisationId: p.orgs[0].org.id });
		expect(byId.get(guest.json.id)).toMatchObject({ status: 'present', organisationId: null });
		expect(byId.get(byEmail.json.id)).toMatchObject({ status: 'apologies' });
		expect((await ed.put(`/api/v1/meetings/${m.id}/attendance`, { records: [] })).status).toBe(403);

		// Members see the invitations; visitors of this public workspace see the meeting but no one in it.
		expect((await ed.get(`/api/v1/meetings/${m.id}/invitations`)).status).toBe(200);
		expect((await visitor.get(`/api/v1/meetings/${m.id}/invitations`)).status).toBe(401);
		const seen = await visitor.get(`/api/v1/meetings/${m.id}`);
		expect(seen.status).toBe(200);
		expect(seen.text).not.toContain('gita@example.org');
		expect(seen.text).not.toContain('Gita Guest');
		// The paper is a draft: visitors see the item, not the link.
		expect(seen.json.agenda[1]).toMatchObject({ title: 'Involvement policy', documentId: null });
		expect((await ed.get(`/api/v1/meetings/${m.id}`)).json.agenda[1].documentId).toBe(doc.id);

		// Editing the time raises the sequence; a change that changes nothing does not; cancelling raises it again.
		const moved2 = await fac.patch(`/api/v1/meetings/${m.id}`, { startsAt: '2100-10-31T09:30:00Z' });
		expect(moved2.json.sequence).toBe(1);
		expect((await fac.patch(`/api/v1/meetings/${m.id}`, { place: body.place })).json.sequence).toBe(1);
		expect((await fac.patch(`/api/v1/meetings/${m.id}`, { endsAt: '2100-10-31T09:00:00Z' })).status).toBe(
			422
		);
		const cancelled = await fac.post(`/api/v1/meetings/${m.id}/cancel`);
		expect(cancelled.json).toMatchObject({ status: 'cancelled', sequence: 2 });
		expect((await fac.post(`/api/v1/meetings/${m.id}/cancel`)).status).toBe(409);
		expect((await fac.post(`/api/v1/meetings/${m.id}/agenda`, { title: 'Late' })).status).toBe(409);

		// Lists: upcoming and past; a bad filter is a 422.
		const upcoming = await visitor.get(`/api/v1/workspaces/${p.workspace.id}/meetings?when=upcoming`);
		expect(upcoming.json.meetings.map((x: { id: string }) => x.id)).toEqual([m.id]);
		expect(
			(await visitor.get(`/api/v1/workspaces/${p.workspace.id}/meetings?when=past`)).json.meetings
		).toEqual([]);
		expect((await visitor.get(`/api/v1/workspaces/${p.workspace.id}/meetings?when=soon`)).status).toBe(422);
	});

	it('of a private workspace are not found by anyone outside it, and an invited guest sees theirs', async () => {
		const p = await createPartnership(db);
		const fac = apiClient(server, { cookie: p.facilitator.cookie });
		const m = (
			await fac.post(`/api/v1/workspaces/${p.workspace.id}/meetings`, {
				title: 'Working group',
				startsAt: Date.UTC(2100, 0, 5, 14),
				endsAt: Date.UTC(2100, 0, 5, 15)
			})
		).json;
		const outsider = await createUser(db, { email: 'olu@example.org' });
		const guestUser = await createUser(db, { email: 'gwen@example.org' });
		await fac.post(`/api/v1/meetings/${m.id}/invitations`, { name: 'Gwen', email: 'gwen@example.org' });
		expect((await apiClient(server).get(`/api/v1/meetings/${m.id}`)).status).toBe(404);
		expect(
			(await apiClient(server, { cookie: outsider.cookie }).get(`/api/v1/meetings/${m.id}`)).status
		).toBe(404);
		const asGuest = apiClient(server, { cookie: guestUser.cookie });
		expect((await asGuest.get(`/api/v1/meetings/${m.id}`)).status).toBe(200);
		expect((await asGuest.get(`/api/v1/meetings/${m.id}/invitations`)).status).toBe(403);
		expect((await asGuest.post(`/api/v1/meetings/${m.id}/agenda`, { title: 'Mine' })).status).toBe(403);
		expect((await asGuest.get(`/api/v1/workspaces/${p.workspace.id}/meetings`)).status).toBe(404);
		// Their page outside the workspace shows them the meeting; nobody else finds it.
		const guestPage = await fetch(`${server.url}/meetings/${m.id}`, {
			headers: { cookie: guestUser.cookie }
		});
		expect(guestPage.status).toBe(200);
		expect(await guestPage.text()).toContain('Working group');
		const outsiderPage = await fetch(`${server.url}/meetings/${m.id}`, {
			headers: { cookie: outsider.cookie }
		});
		expect(outsiderPage.status).toBe(404);
		// An observer reads but does not change.
		await addMember(db, p.workspace.id, outsider.id, { role: 'observer' });
		const obs = apiClient(server, { cookie: outsider.cookie });
		expect((await obs.get(`/api/v1/meetings/${m.id}/invitations`)).status).toBe(200);
		expect((await obs.patch(`/api/v1/meetings/${m.id}`, { title: 'Mine' })).status).toBe(403);
		expect((await db.select().from(meetings).where(eq(meetings.id, m.id)))[0]!.title).toBe('Working group');
	});

	it('link the decisions made at them, which propose those present as attendees', async () => {
		const p = await createPartnership(db, { vcse: 2, statutory: 1 });
		const fac = apiClient(server, { cookie: p.facilitator.cookie });
		const m = (
			await fac.post(`/api/v1/workspaces/${p.workspace.id}/meetings`, {
				title: 'Partnership board',
				startsAt: Date.now() - 3 * 3600_000,
				endsAt: Date.now() - 3600_000,
				place: 'Town hall'
			})
		).json;
		const invite = async (userId: string) =>
			(await fac.post(`/api/v1/meetings/${m.id}/invitations`, { userId })).json.id;
		const [a, b, c] = await Promise.all(p.orgs.map((o) => invite(o.delegate.id)));
		await fac.put(`/api/v1/meetings/${m.id}/attendance`, {
			records: [
				{ invitationId: a, status: 'present', organisationId: p.orgs[0].org.id },
				{ invitationId: b, status: 'apologies', organisationId: p.orgs[1].org.id },
				{ invitationId: c, status: 'present', organisationId: null }
			]
		});

		// The decision form proposes the meeting's time and place and those present (not those who sent apologies).
		const form = await fetch(`${server.url}/w/${p.workspace.slug}/decisions/new?meeting=${m.id}`, {
			headers: { cookie: p.facilitator.cookie }
		});
		const html = await form.text();
		expect(html).toContain(`name="meetingId" value="${m.id}"`);
		expect(html).toMatch(/name="decidedWhere"[^>]*value="Partnership board, [^"]*, Town hall"/);
		const attendees = /name="attendees"[^>]*>([^<]*)</.exec(html)![1];
		expect(attendees.split('\n').sort()).toEqual([p.orgs[0].delegate.name, p.orgs[2].delegate.name].sort());

		const publish = (extra: object) =>
			fac.post(`/api/v1/workspaces/${p.workspace.id}/decisions`, {
				method: 'consensus',
				outcome: 'approved',
				title: 'Pay for travel',
				question: 'Do we pay for travel?',
				rationale: 'Agreed round the table.',
				decidedAt: new Date(m.startsAt).toISOString(),
				decidedWhere: 'Partnership board, Town hall',
				organisations: [p.orgs[0].org.id],
				...extra
			});
		const other = await createWorkspace(db, { facilitatorId: p.facilitator.id });
		const elsewhere = (
			await fac.post(`/api/v1/workspaces/${other.id}/meetings`, {
				title: 'Elsewhere',
				startsAt: m.startsAt,
				endsAt: m.endsAt
			})
		).json;
		expect((await publish({ meetingId: elsewhere.id })).status).toBe(422);
		const made = await publish({ meetingId: m.id });
		expect(made.status).toBe(201);
		expect(made.json.meetingId).toBe(m.id);
		const people = (
			await db.select().from(registerPersonal).where(eq(registerPersonal.workspaceId, p.workspace.id))
		)
			.map((r) => JSON.parse(r.data))
			.filter((d) => d.role === 'attendee');
		expect(people).toEqual(
			expect.arrayContaining([
				{ role: 'attendee', name: p.orgs[0].delegate.name, organisation: p.orgs[0].org.name },
				{ role: 'attendee', name: p.orgs[2].delegate.name }
			])
		);
		expect(people).toHaveLength(2);

		// The minutes start from the template, with the attendance; once only.
		const minutes = await fac.post(`/api/v1/meetings/${m.id}/minutes`);
		expect(minutes.status).toBe(201);
		const docId = minutes.json.minutesDocumentId;
		expect((await fac.post(`/api/v1/meetings/${m.id}/minutes`)).status).toBe(409);
		const markdown = (await fac.get(`/api/v1/documents/${docId}?format=md`)).text;
		expect(markdown).toContain('Minutes: Partnership board');
		expect(markdown).toContain(`${p.orgs[0].delegate.name} (${p.orgs[0].org.name})`);
		expect(markdown.split('Apologies')[1].split('#')[0]).toContain(p.orgs[1].delegate.name);
		expect(markdown).toContain('Any other business');

		// The meeting page lists it.
		const page = await fetch(`${server.url}/w/${p.workspace.slug}/meetings/${m.id}`, {
			headers: { cookie: p.facilitator.cookie }
		});
		expect(await page.text()).toMatch(new RegExp(`/decisions/${made.json.id}"[^>]*>Pay for travel</a>`));
	});

	it('of a public workspace show visitors the time, place and agenda with published papers, and no one in them', async () => {
		const p = await createPartnership(db, { visibility: 'public', vcse: 1, statutory: 1 });
		const fac = apiClient(server, { cookie: p.facilitator.cookie });
		const ws = p.workspace.id;
		const newDoc = async (title: string) => {
			const d = (await fac.post(`/api/v1/workspaces/${ws}/documents`, { title, kind: 'other' })).json;
			const v = (await fac.post(`/api/v1/documents/${d.id}/versions`, { name: 'For the board' })).json;
			return { id: d.id, versionId: v.id };
		};
		const adopted = await newDoc('Carers charter');
		const draft = await newDoc('Secret draft strategy');
		const decided = await fac.post(`/api/v1/workspaces/${ws}/decisions`, {
			method: 'consensus',
			outcome: 'approved',
			title: 'Charter adopted',
			question: 'Adopt the charter?',
			rationale: 'Agreed.',
			decidedAt: new Date(Date.now() - 60_000).toISOString(),
			decidedWhere: 'Board',
			organisations: [p.orgs[0].org.id],
			documentId: adopted.id,
			documentVersionId: adopted.versionId
		});
		expect(decided.status).toBe(201);
		const m = (
			await fac.post(`/api/v1/workspaces/${ws}/meetings`, {
				title: 'Annual meeting',
				startsAt: '2100-06-01T17:00:00Z',
				endsAt: '2100-06-01T19:00:00Z',
				place: 'Library hall',
				onlineLink: 'https://meet.example.org/private-room-4471',
				description: 'Door code 4471'
			})
		).json;
		await fac.post(`/api/v1/meetings/${m.id}/agenda`, { title: 'The charter', documentId: adopted.id });
		await fac.post(`/api/v1/meetings/${m.id}/agenda`, { title: 'Next year', documentId: draft.id });
		const guest = (
			await fac.post(`/api/v1/meetings/${m.id}/invitations`, {
				name: 'Hana Guest',
				email: 'hana@example.org'
			})
		).json;
		await fac.put(`/api/v1/meetings/${m.id}/attendance`, {
			records: [{ invitationId: guest.id, status: 'apologies' }]
		});

		const visitor = apiClient(server);
		const seen = (await visitor.get(`/api/v1/meetings/${m.id}`)).json;
		expect(seen).toMatchObject({
			title: 'Annual meeting',
			place: 'Library hall',
			onlineLink: '',
			description: ''
		});
		expect(seen.agenda.map((i: { documentId: string | null }) => i.documentId)).toEqual([adopted.id, null]);
		const listed = (await visitor.get(`/api/v1/workspaces/${ws}/meetings`)).json.meetings;
		expect(listed[0].onlineLink).toBe('');

		for (const path of [`/w/${p.workspace.slug}/meetings/${m.id}`, `/w/${p.workspace.slug}/meetings`]) {
			const res = await fetch(server.url + path);
			expect(res.status).toBe(200);
			const html = await res.text();
			expect(html).toContain('Annual meeting');
			for (const secret of ['Hana Guest', 'hana@example.org', 'Apologies', '4471', 'Secret draft strategy'])
				expect(html, `${path} shows ${secret}`).not.toContain(secret);
		}
		const page = await (await fetch(`${server.url}/w/${p.workspace.slug}/meetings/${m.id}`)).text();
		expect(page).toContain('Library hall');
		expect(page).toContain('Carers charter — version “For the board” (adopted)');
		expect(page).toContain('Next year');
		// Members see everything.
		const member = await (
			await fetch(`${server.url}/w/${p.workspace.slug}/meetings/${m.id}`, {
				headers: { cookie: p.orgs[0].delegate.cookie }
			})
		).text();
		for (const shown of ['Hana Guest', 'Apologies', 'private-room-4471', 'Secret draft strategy'])
			expect(member).toContain(shown);
	});

	it('appear in a person’s calendar feed, at an address they can replace or turn off', async () => {
		const p = await createPartnership(db, { vcse: 1, statutory: 0 });
		const fac = apiClient(server, { cookie: p.facilitator.cookie });
		const member = p.orgs[0].delegate;
		const me = apiClient(server, { cookie: member.cookie });
		const m = (
			await fac.post(`/api/v1/workspaces/${p.workspace.id}/meetings`, {
				title: 'Working group, autumn',
				startsAt: '2027-10-28T09:00:00Z',
				endsAt: '2027-10-28T11:00:00Z'
			})
		).json;
		await fac.post(`/api/v1/workspaces/${p.workspace.id}/meetings`, {
			title: 'Not invited',
			startsAt: '2027-10-29T09:00:00Z',
			endsAt: '2027-10-29T11:00:00Z'
		});
		const invitation = (await fac.post(`/api/v1/meetings/${m.id}/invitations`, { userId: member.id })).json;
		const uid = (
			await db.select().from(meetingInvitations).where(eq(meetingInvitations.id, invitation.id))
		)[0]!.uid;

		expect((await me.get('/api/v1/me/calendar')).json).toEqual({ on: false });
		const first = (await me.post('/api/v1/me/calendar')).json.url as string;
		const feed = await fetch(first);
		expect(feed.status).toBe(200);
		expect(feed.headers.get('content-type')).toContain('text/calendar');
		const ics = (await feed.text()).replace(/\r\n /g, '');
		expect(ics).toContain('METHOD:PUBLISH');
		expect(ics).toContain(`UID:${uid}`);
		expect(ics).toContain('DTSTART:20271028T090000Z');
		expect(ics).toContain('SUMMARY:Working group\\, autumn');
		expect(ics).not.toContain('Not invited');

		await fac.post(`/api/v1/meetings/${m.id}/cancel`);
		expect(await (await fetch(first)).text()).toMatch(/SEQUENCE:1\r\n[\s\S]*STATUS:CANCELLED/);

		const second = (await me.post('/api/v1/me/calendar')).json.url as string;
		expect((await fetch(first)).status).toBe(404);
		expect((await fetch(second)).status).toBe(200);
		expect((await me.delete('/api/v1/me/calendar')).status).toBe(204);
		expect((await fetch(second)).status).toBe(404);
		expect((await me.delete('/api/v1/me/calendar')).status).toBe(404);
		expect((await apiClient(server).post('/api/v1/me/calendar')).status).toBe(401);
	});

	it('remind invited members the day before, as their email choices say', async () => {
		const p = await createPartnership(db, { vcse: 2, statutory: 1 });
		const fac = apiClient(server, { cookie: p.facilitator.cookie });
		const [straight, none, uninvited] = p.orgs.map((o) => o.delegate);
		await apiClient(server, { cookie: straight.cookie }).put(`/api/v1/me/mail/${p.workspace.id}`, {
			mode: 'immediate'
		});
		await apiClient(server, { cookie: none.cookie }).put(`/api/v1/me/mail/${p.workspace.id}`, {
			mode: 'none'
		});
		const now = Date.now();
		const m = (
			await fac.post(`/api/v1/workspaces/${p.workspace.id}/meetings`, {
				title: 'Board tomorrow',
				startsAt: now + 20 * 3600_000,
				endsAt: now + 22 * 3600_000
			})
		).json;
		const later = (
			await fac.post(`/api/v1/workspaces/${p.workspace.id}/meetings`, {
				title: 'Board in two days',
				startsAt: now + 40 * 3600_000,
				endsAt: now + 42 * 3600_000
			})
		).json;
		for (const id of [m.id, later.id])
			for (const who of [straight, none])
				await fac.post(`/api/v1/meetings/${id}/invitations`, { userId: who.id });
		// Guests: one with an account, one who turned guest reminders off, one with no account yet.
		await createUser(db, { email: 'gus@example.org' });
		const quiet = await createUser(db, { email: 'quiet@example.org' });
		await db.insert(meetingReminderOptOuts).values({ userId: quiet.id, createdAt: now });
		for (const email of ['gus@example.org', 'quiet@example.org', 'nobody-yet@example.org'])
			await fac.post(`/api/v1/meetings/${m.id}/invitations`, { name: 'A guest', email });

		await runReminders(db, now);
		const told = (
			await db
				.select()
				.from(notifications)
				.where(eq(notifications.key, `meeting.reminder:${m.id}:${Date.parse(m.startsAt)}`))
		)
			.map((n) => n.userId)
			.sort();
		expect(told).toEqual([straight.id, none.id].sort());
		// A guest with an account is emailed the reminder (members' follow their choices, below), once.
		await runReminders(db, now + 60_000);
		const remindersTo = async (to: string) =>
			(await db.select().from(mailMessages).where(eq(mailMessages.to, to))).filter((x) =>
				x.subject.startsWith('Tomorrow: ')
			);
		expect((await remindersTo('gus@example.org')).map((x) => x.subject)).toEqual([
			expect.stringMatching(/^Tomorrow: Board tomorrow, /)
		]);
		expect((await remindersTo('gus@example.org'))[0].text).toContain(`/meetings/${m.id}`);
		expect(await remindersTo('quiet@example.org')).toEqual([]);
		expect(await remindersTo('nobody-yet@example.org')).toEqual([]);
		expect(await db.select().from(notifications).where(eq(notifications.userId, uninvited.id))).toEqual([]);
		expect(
			await db
				.select()
				.from(notifications)
				.where(eq(notifications.threadKey, `meeting:${later.id}`))
		).toEqual([]);

		await dispatchNotifications(
			db,
			mailConfig({ ORIGIN: 'https://parity.example', PARITY_MAIL_BATCH_MS: '0' }),
			now
		);
		const mailTo = async (userId: string) =>
			await db.select().from(mailMessages).where(eq(mailMessages.userId, userId));
		expect((await mailTo(straight.id)).map((x) => x.text).join('\n')).toContain('Tomorrow: Board tomorrow');
		// (Both were sent their invitations, which are addressed to them; the reminder follows their choice.)
		expect((await mailTo(none.id)).map((x) => x.subject)).toEqual([
			expect.stringMatching(/^Invitation: /),
			expect.stringMatching(/^Invitation: /)
		]);
	});
});
