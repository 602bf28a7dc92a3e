// Calls every operation of the OpenAPI document that documents a JSON answer, on real data, and checks each
// answer against the zod schema the document is generated from, found by the operation's method and path.
// The answer schemas are strict objects, so a serializer that adds, drops or renames a field fails here.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { useServer } from '../fixtures/suite.ts';
import { apiClient } from '../fixtures/http.ts';
import {
	addMember,
	addPartner,
	createOrganisation,
	createUser,
	createWorkspace,
	type TestUser
} from '../fixtures/factory.ts';
import type { TestServer } from '../fixtures/server.ts';
import type { DB } from '../../src/lib/server/db/index.ts';
import { operations, type Fragment } from '../../src/lib/server/openapi/index.ts';
import { zonedDay } from '../../src/lib/domain/ledger.ts';
import * as meetingRepo from '../../src/lib/server/meetings/repository.ts';
import * as invites from '../../src/lib/server/meetings/invitations.ts';

let server: TestServer;
let db: DB;
useServer({ env: { PARITY_MAIL_INTERVAL_MS: '3600000' } }, (s) => ({ server, db } = s));

const tables = Object.entries(
	import.meta.glob<Fragment>('../../src/lib/server/openapi/*.ts', { eager: true })
)
	.filter(([path]) => !path.endsWith('/index.ts'))
	.map(([, m]) => m);
const documented = new Map(operations(tables).map((o) => [`${o.method.toUpperCase()} ${o.path}`, o.op]));

describe('every documented answer', () => {
	it('matches the schema it is documented with', async () => {
		const admin = await createUser(db, { name: 'Ada Admin', isAdmin: true });
		const other = await createUser(db, { name: 'Olu Other' });
		const third = await createUser(db, { name: 'Tam Third' });
		const ws = await createWorkspace(db, { facilitatorId: admin.id });
		const vcse = await createOrganisation(db, { sector: 'vcse', name: 'Riverside Carers' });
		const statutory = await createOrganisation(db, { sector: 'statutory', name: 'North ICB' });
		for (const o of [vcse, statutory]) await addPartner(db, ws.id, o.id);
		await addMember(db, ws.id, admin.id, {
			role: 'facilitator',
			organisationId: vcse.id,
			votingDelegate: true
		});
		await addMember(db, ws.id, other.id, {
			role: 'editor',
			organisationId: statutory.id,
			votingDelegate: true
		});

		const doc = (await (await fetch(`${server.url}/api/v1/openapi.json`)).json()) as {
			paths: Record<string, Record<string, { responses: Record<string, { content?: object }> }>>;
		};
		const called = new Set<string>();
		const failures: string[] = [];
		/** Sends a request to `template` with its `{…}` filled in order, and checks the answer. */
		const call = async (
			method: 'GET' | 'POST' | 'PUT' | 'PATCH',
			template: string,
			ids: string[] = [],
			body?: unknown,
			as: TestUser = admin
		) => {
			const key = `${method} ${template}`;
			const url = '/api/v1' + template.replace(/\{\w+\}/g, () => ids.shift()!);
			const client = apiClient(server, { cookie: as.cookie });
			const res = await (method === 'GET'
				? client.get(url)
				: client[method.toLowerCase() as 'post'](url, body));
			if (res.status >= 300) throw new Error(`${key}: ${res.status} ${res.text}`);
			called.add(key);
			const schema = documented.get(key)?.responses[res.status]?.[1];
			const served = doc.paths[template]?.[method.toLowerCase()]?.responses[res.status]?.content;
			if (!schema || !served) failures.push(`${key} answered ${res.status}, which is not documented`);
			else {
				const parsed = schema.safeParse(res.json);
				if (!parsed.success) failures.push(`${key} ${res.status}: ${z.prettifyError(parsed.error)}`);
			}
			return res.json;
		};

		// ── Account ──
		await call('GET', '/me');
		await call('POST', '/tokens', [], { name: 'Reporting', scope: 'read' });
		await call('GET', '/tokens');
		await call('GET', '/me/two-factor');
		await call('GET', '/me/mail');
		await call('PUT', '/me/mail/{workspaceId}', [ws.id], { mode: 'weekly' });

		// ── Organisations ──
		const org = await call('POST', '/organisations', [], {
			name: 'Eastside Trust',
			sector: 'vcse',
			sizeBand: 'small'
		});
		const unverified = await call(
			'POST',
			'/organisations',
			[],
			{ name: 'Eastside Trust Ltd', sector: 'vcse', sizeBand: 'small' },
			other
		);
		await call('GET', '/organisations');
		await call('GET', '/organisations/{id}', [org.id]);
		await call('PATCH', '/organisations/{id}', [org.id], { sizeBand: 'medium' });
		await call('POST', '/organisations/{id}/members', [org.id], { userId: third.id });
		await call('GET', '/organisations/{id}/members', [org.id]);
		await call('POST', '/organisations/{id}/verify', [unverified.id]);
		await call('POST', '/organisations/{id}/merge', [unverified.id], { into: org.id });

		// ── Workspaces ──
		await call('GET', '/workspaces');
		await call('POST', '/workspaces', [], { name: 'Second partnership' });
		await call('GET', '/workspaces/{id}', [ws.id]);
		await call('PATCH', '/workspaces/{id}', [ws.id], { description: 'Where we agree things' });
		await call('POST', '/workspaces/{id}/partners', [ws.id], { organisationId: org.id });
		await call('PATCH', '/workspaces/{id}/partners/{organisationId}', [ws.id, org.id], { grassroots: true });
		await call('GET', '/workspaces/{id}/partners', [ws.id]);
		const member = { userId: third.id, role: 'commenter', organisationId: vcse.id };
		await call('POST', '/workspaces/{id}/members', [ws.id], member);
		await call('PATCH', '/workspaces/{id}/members/{userId}', [ws.id, third.id], {
			standing: 'representative'
		});
		await call('GET', '/workspaces/{id}/members', [ws.id]);
		const invitation = { email: 'invitee@example.org', role: 'editor', organisationId: vcse.id };
		await call('POST', '/workspaces/{id}/invitations', [ws.id], invitation);
		await call('GET', '/workspaces/{id}/invitations', [ws.id]);

		// ── Documents, comments and suggestions ──
		const document = await call('POST', '/workspaces/{id}/documents', [ws.id], {
			title: 'Involvement policy',
			kind: 'reimbursement',
			template: 'reimbursement'
		});
		await call('GET', '/workspaces/{id}/documents', [ws.id]);
		await call('PATCH', '/documents/{id}', [document.id], { title: 'Involvement and payment policy' });
		const thread = await call('POST', '/documents/{id}/comments', [document.id], { body: 'Why?', block: 0 });
		await call('POST', '/comments/{id}/replies', [thread.id], { body: 'Because.' });
		await call('PATCH', '/comments/{id}', [thread.id], { status: 'resolved' });
		await call('GET', '/comments/{id}', [thread.id]);
		await call('GET', '/documents/{id}/comments', [document.id]);
		const suggest = (replacement: string) =>
			call('POST', '/documents/{id}/suggestions', [document.id], { replacement, block: 0 });
		const accepted = await suggest('Paying for involvement');
		await call('POST', '/suggestions/{id}/accept', [accepted.id]);
		const rejected = await suggest('Paying people for their time');
		await call('POST', '/suggestions/{id}/reject', [rejected.id], { reason: 'Said already.' });
		await call('GET', '/documents/{id}/suggestions', [document.id]);
		const version = await call('POST', '/documents/{id}/versions', [document.id], { name: 'For the vote' });
		await call('GET', '/documents/{id}/versions', [document.id]);
		await call('GET', '/documents/{id}/versions/{versionId}', [document.id, version.id]);
		await call('GET', '/documents/{id}/checks', [document.id]);
		await call('GET', '/documents/{id}/versions/{versionId}/checks', [document.id, version.id]);
		await call('PUT', '/workspaces/{id}/checks', [ws.id], { check: 'SV1', value: 15 });
		await call('GET', '/workspaces/{id}/checks', [ws.id]);
		// A blank policy misses what the checks look for: a finding to dismiss.
		const blank = await call('POST', '/workspaces/{id}/documents', [ws.id], {
			title: 'Blank',
			kind: 'reimbursement'
		});
		const found = (await call('GET', '/documents/{id}/checks', [blank.id])) as {
			findings: { key: string }[];
		};
		await call('POST', '/documents/{id}/checks/dismissals', [blank.id], {
			key: found.findings[0].key,
			reason: 'We use grants, not contracts.'
		});
		const terms = await call('POST', '/workspaces/{id}/documents', [ws.id], {
			title: 'Terms of reference',
			kind: 'other'
		});
		await call('PUT', '/documents/{id}/checks/set', [terms.id], { families: ['G'] });
		await call('GET', '/documents/{id}', [document.id]);

		// ── A public consultation on a second document: a comment, a suggestion, answers given and replaced ──
		const charter = await call('POST', '/workspaces/{id}/documents', [ws.id], {
			title: 'Carers’ charter',
			kind: 'other',
			template: 'social_value'
		});
		const consultation = await call('POST', '/documents/{id}/consultations', [charter.id], {
			closesAt: '2100-01-01T12:00',
			audience: 'public',
			questions: ['Is it fair?', 'What is missing?']
		});
		await call('POST', '/documents/{id}/comments', [charter.id], { body: 'Unclear.', block: 0 });
		await call('POST', '/documents/{id}/suggestions', [charter.id], { replacement: 'Plainer', block: 0 });
		const answers = '/consultations/{id}/responses';
		await call('POST', answers, [consultation.id], { answers: ['Yes', ''] });
		await call('POST', answers, [consultation.id], { answers: ['Yes', 'Travel costs'] });
		await call('POST', answers, [consultation.id], { answers: ['Mostly', 'Parking'] }, other);
		await call('GET', answers, [consultation.id]);
		await call('GET', '/consultations/{id}/summary', [consultation.id]);
		await call('POST', '/consultations/{id}/links', [consultation.id]);
		const { links } = await call('GET', '/consultations/{id}/links', [consultation.id]);
		const revoke = `/api/v1/consultations/${consultation.id}/links/${links[0].id}`;
		expect((await apiClient(server, { cookie: admin.cookie }).delete(revoke)).status).toBe(204);
		await call('POST', '/consultations/{id}/extend', [consultation.id], {
			closesAt: '2100-02-01T12:00',
			reason: 'The carers’ forum meets in January.'
		});
		await call('GET', '/consultations/{id}', [consultation.id]);
		await call('GET', '/consultations/{id}', [consultation.id], undefined, third);
		await call('POST', '/consultations/{id}/close', [consultation.id], { reason: 'Enough heard.' });
		await call('GET', '/documents/{id}/consultations', [charter.id]);

		// ── A vote on the version, from draft to closed ──
		const vote = await call('POST', '/workspaces/{id}/votes', [ws.id], {
			question: 'Adopt the involvement policy?',
			opensAt: '2100-01-01T09:00:00Z',
			closesAt: '2100-01-02T09:00:00Z',
			documentId: document.id,
			documentVersionId: version.id,
			showRunningTotals: true,
			electorate: [vcse.id, statutory.id]
		});
		await call('PATCH', '/votes/{id}', [vote.id], { explanation: 'As discussed in March.' });
		await call('GET', '/votes/{id}/tally', [vote.id]);
		await call('POST', '/votes/{id}/open', [vote.id]);
		await call('GET', '/votes/{id}/reminders', [vote.id]);
		await call('POST', '/votes/{id}/reminders', [vote.id], {});
		const ballots = `/votes/{id}/ballots`;
		await call('POST', ballots, [vote.id], { organisationId: vcse.id, choice: 'against' });
		await call('POST', ballots, [vote.id], {
			organisationId: vcse.id,
			choice: 'for',
			statement: 'Fair pay.'
		});
		await call('POST', ballots, [vote.id], { organisationId: statutory.id, choice: 'for', assisted: true });
		await call('GET', ballots, [vote.id]);
		await call('GET', '/votes/{id}/tally', [vote.id]);
		await call('POST', '/votes/{id}/close', [vote.id], { reason: 'Everyone has voted' });
		await call('GET', '/votes/{id}/tally', [vote.id]);
		await call('GET', '/votes/{id}', [vote.id]);
		await call('GET', '/workspaces/{id}/votes', [ws.id]);
		// The caller's own data, now that they have commented, suggested, answered and voted.
		await call('GET', '/me/data');
		// The workspace's history of those changes.
		await call('GET', '/workspaces/{id}/history', [ws.id]);

		// ── The decision it makes, its dissent and action, and the register ──
		const decision = await call('POST', '/workspaces/{id}/decisions', [ws.id], {
			method: 'vote',
			voteId: vote.id,
			title: 'Involvement policy adopted',
			rationale: 'Both chambers agreed.',
			decidedWhere: 'Partnership board, online'
		});
		await call('POST', '/decisions/{id}/dissent', [decision.id], { statement: 'Too late for this year.' });
		const action = await call('POST', '/workspaces/{id}/actions', [ws.id], {
			ownerOrganisationId: vcse.id,
			description: 'Publish the rates',
			dueDate: '2100-03-31',
			decisionId: decision.id
		});
		await call('PATCH', '/actions/{id}', [action.id], { status: 'in_progress', note: 'Drafted.' });
		await call('GET', '/actions/{id}', [action.id]);
		await call('GET', '/workspaces/{id}/actions', [ws.id]);
		await call('GET', '/decisions/{id}', [decision.id]);
		await call('GET', '/workspaces/{id}/decisions', [ws.id]);
		await call('POST', '/documents/{id}/revision', [document.id]);
		await call('GET', '/workspaces/{id}/register', [ws.id]);
		await call('GET', '/workspaces/{id}/register/verify', [ws.id]);
		const { people } = await call('GET', '/workspaces/{id}/register/redactions', [ws.id]);
		await call('POST', '/workspaces/{id}/register/redactions', [ws.id], {
			person: people[0].key,
			reason: 'Erasure request'
		});

		// ── A meeting: its agenda with the paper, an invitation, attendance, a change and the cancellation ──
		const meeting = await call('POST', '/workspaces/{id}/meetings', [ws.id], {
			title: 'Partnership board',
			startsAt: '2100-03-01T10:00:00Z',
			endsAt: '2100-03-01T12:00:00Z'
		});
		await call('POST', '/meetings/{id}/agenda', [meeting.id], { title: 'Welcome' });
		const { agenda } = await call('POST', '/meetings/{id}/agenda', [meeting.id], {
			title: 'Involvement policy',
			documentId: document.id
		});
		await call('PATCH', '/meetings/{id}/agenda/{itemId}', [meeting.id, agenda[1].id], { position: 1 });
		const removeItem = `/api/v1/meetings/${meeting.id}/agenda/${agenda[0].id}`;
		expect((await apiClient(server, { cookie: admin.cookie }).delete(removeItem)).status).toBe(204);
		const invited = await call('POST', '/meetings/{id}/invitations', [meeting.id], { userId: other.id });
		await call('GET', '/meetings/{id}/invitations', [meeting.id]);
		await call('PUT', '/meetings/{id}/attendance', [meeting.id], {
			records: [{ invitationId: invited.id, status: 'present', organisationId: statutory.id }]
		});
		await call('PATCH', '/meetings/{id}', [meeting.id], { place: 'Town hall' });
		await call('GET', '/meetings/{id}', [meeting.id]);
		await call('GET', '/workspaces/{id}/meetings', [ws.id]);
		await call('POST', '/meetings/{id}/minutes', [meeting.id]);
		await call('POST', '/meetings/{id}/cancel', [meeting.id]);
		await call('POST', '/me/calendar');
		await call('GET', '/me/calendar');

		// ── Claims: the policy, a past meeting's claims through their lifecycle, a batch, the figures ──
		await call('POST', '/workspaces/{id}/payment-policy', [ws.id], {
			effectiveFrom: '2020-01-01',
			levels: [{ key: 'l3', name: 'Level 3', hourlyPence: 1385, halfDayPence: 7500, dayPence: 15000 }],
			backfillHourlyPence: 2500,
			expenseCategories: [{ key: 'travel', name: 'Travel', basis: 'at_cost' }],
			timescaleDays: 14
		});
		await call('GET', '/workspaces/{id}/payment-policy', [ws.id]);
		await call('PUT', '/workspaces/{id}/claim-approvers', [ws.id], { userId: other.id, approves: true });
		const past = await meetingRepo.insertMeeting(db, {
			workspaceId: ws.id,
			title: 'Working group',
			startsAt: Date.now() - 3 * 86_400_000,
			endsAt: Date.now() - 3 * 86_400_000 + 7_200_000,
			createdAt: Date.now(),
			updatedAt: Date.now()
		});
		for (const [u, organisationId, level] of [
			[third, null, 'l3'],
			[admin, vcse.id, null]
		] as const) {
			const inv = await invites.insertInvitation(db, {
				meetingId: past.id,
				userId: u.id,
				name: u.name,
				email: u.email,
				createdAt: Date.now()
			});
			await invites.upsertAttendance(db, {
				invitationId: inv.id,
				meetingId: past.id,
				status: 'present',
				organisationId,
				level,
				recordedBy: admin.id,
				recordedAt: Date.now()
			});
		}
		const { claims } = await call('GET', '/workspaces/{id}/claims', [ws.id], undefined, third);
		const mine = claims.find((c: { kind: string }) => c.kind === 'individual').id;
		await call('GET', '/claims/{id}', [mine], undefined, third);
		await call('POST', '/claims/{id}/take', [mine], { take: 'less', amountPence: 5000 }, third);
		await call('POST', '/claims/{id}/expenses', [mine], { category: 'travel', amountPence: 420 }, third);
		await call('POST', '/claims/{id}/submit', [mine], { noticeRead: true }, third);
		await call('POST', '/claims/{id}/query', [mine], { question: 'Which bus?' }, other);
		await call('POST', '/claims/{id}/answer', [mine], { answer: 'The 42.' }, third);
		await call('POST', '/claims/{id}/approve', [mine], undefined, other);
		await call(
			'POST',
			'/claims/{id}/paid',
			[mine],
			{ paidOn: zonedDay(Date.now(), 'Europe/London'), reference: 'BACS 1' },
			other
		);
		const orgClaim = (await call('GET', '/workspaces/{id}/claims', [ws.id])).claims.find(
			(c: { kind: string }) => c.kind === 'organisation'
		);
		await call('POST', '/claims/{id}/submit', [orgClaim.id], { noticeRead: true });
		await call('POST', '/claims/{id}/reject', [orgClaim.id], { reason: 'Twice.' }, other);
		await call('POST', '/workspaces/{id}/claim-batches', [ws.id], undefined, other);
		await call('GET', '/workspaces/{id}/claim-batches', [ws.id], undefined, other);
		await call('GET', '/workspaces/{id}/claim-figures', [ws.id]);
		// The claimant's own data now holds the paid claim.
		const theirs = await call('GET', '/me/data', [], undefined, third);
		expect(theirs.claims).toEqual([expect.objectContaining({ status: 'paid', paymentReference: 'BACS 1' })]);

		expect(failures).toEqual([]);
		const withSchema = [...documented]
			.filter(([, op]) => Object.values(op.responses).some(([, schema]) => schema))
			.map(([key]) => key);
		expect(withSchema.filter((key) => !called.has(key))).toEqual([]);
	});
});
