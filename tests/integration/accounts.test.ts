// Deleting one's own account, and Administration → Users: find people, disable and enable accounts, send a
// pending invitation again. Real server, real database, real SMTP server.
import { describe, expect, it } from 'vitest';
import { useServerWithMail } from '../fixtures/suite.ts';
import { apiClient, postForm } from '../fixtures/http.ts';
import {
	addMember,
	createPartnership,
	createToken,
	createUser,
	TEST_PASSWORD,
	type TestUser
} from '../fixtures/factory.ts';
import type { TestServer } from '../fixtures/server.ts';
import type { SmtpSink, Received } from '../fixtures/smtp.ts';
import type { DB } from '../../src/lib/server/db/index.ts';
import { scalar } from '../fixtures/sql.ts';
import { may } from '../../src/lib/server/policy/index.ts';

let server: TestServer;
let db: DB;
let smtp: SmtpSink;
useServerWithMail((s) => ({ server, db, smtp } = s));

const to = (address: string) => (m: Received) => m.to.includes(address);
const count = (sql: string, ...args: unknown[]) => scalar(db, sql, ...args);
const future = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

describe('deleting one’s account', () => {
	it('keeps what they wrote as a former member’s, redacts the register, ends access, and refuses a sole facilitator', async () => {
		const p = await createPartnership(db, { vcse: 1, statutory: 1, visibility: 'public' });
		const amara = p.orgs[0].delegate;
		const org = p.orgs[0].org.name;
		const fran = apiClient(server, { cookie: p.facilitator.cookie });
		const asAmara = apiClient(server, { cookie: amara.cookie });

		// Amara writes a comment and a suggestion, and a progress note that the register names her on.
		const doc = await fran.post(`/api/v1/workspaces/${p.workspace.id}/documents`, {
			title: 'Involvement policy',
			kind: 'reimbursement',
			template: 'reimbursement'
		});
		expect(doc.status).toBe(201);
		const docId = doc.json.id;
		expect(
			(
				await asAmara.post(`/api/v1/documents/${docId}/comments`, {
					body: 'Pay travel on the day.',
					block: 0
				})
			).status
		).toBe(201);
		expect(
			(
				await asAmara.post(`/api/v1/documents/${docId}/suggestions`, {
					replacement: 'Payment within 14 days',
					block: 0
				})
			).status
		).toBe(201);
		const decision = await fran.post(`/api/v1/workspaces/${p.workspace.id}/decisions`, {
			method: 'consensus',
			title: 'Travel paid on the day',
			question: 'Shall we pay travel on the day?',
			outcome: 'approved',
			decidedAt: new Date().toISOString(),
			decidedWhere: 'Partnership board',
			organisations: [p.orgs[0].org.id, p.orgs[1].org.id],
			rationale: 'Agreed by all partners.',
			actions: [
				{ ownerOrganisationId: p.orgs[0].org.id, description: 'Set up payments', dueDate: future(30) }
			]
		});
		expect(decision.status, decision.text).toBe(201);
		const actions = await fran.get(`/api/v1/workspaces/${p.workspace.id}/actions`);
		const note = await asAmara.patch(`/api/v1/actions/${actions.json.actions[0].id}`, {
			status: 'in_progress',
			note: 'Started with the finance team'
		});
		expect(note.status, note.text).toBe(200);
		const registerJson = `/register/${p.workspace.slug}/decisions.json`;
		expect(await (await fetch(server.url + registerJson)).text()).toContain(amara.name);
		const fullToken = await createToken(db, amara.id);
		const limited = await createToken(db, amara.id, { workspaceIds: [p.workspace.id] });

		// Fran is the only facilitator of a workspace others use: refused, with the workspace named and linked.
		const refused = await fran.delete('/api/v1/me');
		expect(refused.status).toBe(403);
		expect(refused.json.error.message).toContain(p.workspace.name);
		const franPage = await fran.get('/settings/delete');
		expect(franPage.text).toContain(`href="/w/${p.workspace.slug}/members"`);
		expect(franPage.text).not.toContain('name="confirm"');
		// A token limited to some workspaces cannot delete the account.
		expect((await apiClient(server, { token: limited }).delete('/api/v1/me')).status).toBe(403);

		// The confirm page asks for the email or the password.
		const wrong = await postForm(server, '/settings/delete', { confirm: 'not it' }, { cookie: amara.cookie });
		expect(wrong.status).toBe(422);
		expect(wrong.text).toContain('neither your email address nor your password');
		expect(wrong.text).not.toContain('not it');
		const done = await postForm(
			server,
			'/settings/delete',
			{ confirm: amara.email },
			{ cookie: amara.cookie }
		);
		expect(done.status).toBe(303);
		expect(done.headers.get('location')).toBe('/settings/delete/done');
		expect(done.headers.get('set-cookie')).toMatch(/parity_session=;/);
		expect((await fetch(server.url + '/settings/delete/done')).status).toBe(200);

		// Signed out, token revoked, account gone.
		expect((await asAmara.get('/api/v1/me')).status).toBe(401);
		expect((await apiClient(server, { token: fullToken }).get('/api/v1/me')).status).toBe(401);
		expect(await count('select count(*) from sessions where user_id = ?', amara.id)).toBe(0);
		expect(await count('select count(*) from users where id = ? or email = ?', amara.id, amara.email)).toBe(
			0
		);

		// What she wrote stays, attributed to a former member of her organisation.
		const threads = await fran.get(`/api/v1/documents/${docId}/comments`);
		expect(threads.text).toContain('Pay travel on the day.');
		expect(threads.text).toContain(`a former member of ${org}`);
		expect(threads.text).not.toContain(amara.name);
		const suggestions = await fran.get(`/api/v1/documents/${docId}/suggestions`);
		expect(suggestions.text).toContain(`a former member of ${org}`);
		expect(suggestions.text).not.toContain(amara.name);

		// The register no longer names her, records the redaction, and still verifies.
		const exported = await (await fetch(server.url + registerJson)).json();
		expect(JSON.stringify(exported)).not.toContain(amara.name);
		expect(exported.entries.at(-1).type).toBe('personal.redacted');
		const verify = await apiClient(server).get(`/api/v1/workspaces/${p.workspace.id}/register/verify`);
		expect(verify.json.ok).toBe(true);

		// The history says a member of her organisation left, without her name.
		const history = await fran.get(`/api/v1/workspaces/${p.workspace.id}/history`);
		const kinds = history.json.changes.map((c: { kind: string }) => c.kind);
		expect(kinds).toEqual(expect.arrayContaining(['account.deleted', 'register.redacted']));
		const left = history.json.changes.find((c: { kind: string }) => c.kind === 'account.deleted');
		expect(left.summary).toBe(`A member of ${org} deleted their account (a voting delegate)`);
		expect(history.text).not.toContain(amara.name);

		// Through the API, with a token for all of the person's workspaces (a read-only one is refused).
		const ben = p.orgs[1].delegate;
		const readOnly = await createToken(db, ben.id, { scope: 'read' });
		expect((await apiClient(server, { token: readOnly }).delete('/api/v1/me')).status).toBe(403);
		const benToken = await createToken(db, ben.id);
		expect((await apiClient(server, { token: benToken }).delete('/api/v1/me')).status).toBe(204);
		expect((await apiClient(server, { cookie: ben.cookie }).get('/api/v1/me')).status).toBe(401);
		expect(await count('select count(*) from users where id = ?', ben.id)).toBe(0);

		// A confirmation went to the old address; the address can be invited again as a new person.
		const mail = await smtp.waitFor(to(amara.email), 'deletion confirmation');
		expect(mail.mail.subject).toBe('Your Parity account is deleted');
		const again = await fran.post(`/api/v1/workspaces/${p.workspace.id}/invitations`, {
			email: amara.email,
			role: 'commenter',
			organisationId: p.orgs[0].org.id
		});
		expect(again.status, again.text).toBe(201);
	});
});

describe('administration: users', () => {
	it('finds people, disables and enables an account, and sends a pending invitation again', async () => {
		const root: TestUser = await createUser(db, { name: 'Ada Administrator', isAdmin: true });
		const p = await createPartnership(db, { vcse: 1, statutory: 1 });
		const target = await createUser(db, { name: 'Zelda Quickfinder', email: 'zelda@example.org' });
		await addMember(db, p.workspace.id, target.id, { role: 'editor', organisationId: p.orgs[0].org.id });
		const adminApi = apiClient(server, { cookie: root.cookie });
		const targetToken = await createToken(db, target.id);

		// Not for others.
		expect((await apiClient(server, { cookie: target.cookie }).get('/admin/users')).status).toBe(403);
		expect((await apiClient(server, { cookie: target.cookie }).get(`/admin/users/${root.id}`)).status).toBe(
			403
		);

		// Find by part of a name or an email; a clear answer when nothing matches.
		const found = await adminApi.get('/admin/users?q=quickfind');
		expect(found.status).toBe(200);
		expect(found.text).toContain(`href="/admin/users/${target.id}"`);
		expect(found.text).not.toContain(`href="/admin/users/${root.id}"`);
		expect((await adminApi.get('/admin/users?q=ZELDA%40example')).text).toContain('Zelda Quickfinder');
		expect((await adminApi.get('/admin/users?q=nobody-at-all')).text).toContain(
			'No one’s name or email contains “nobody-at-all”'
		);
		const detail = await adminApi.get(`/admin/users/${target.id}`);
		expect(detail.text).toContain(p.workspace.name);
		expect(detail.text).toContain(p.orgs[0].org.name);
		expect(detail.text).toContain(`href="/admin/users/${target.id}/two-factor"`);

		// Disable: signed out, token refused, sign-in refused with a reason.
		const disabled = await postForm(
			server,
			`/admin/users/${target.id}?/disable`,
			{},
			{ cookie: root.cookie }
		);
		expect(disabled.status).toBe(200);
		expect(disabled.text).toContain('account is disabled');
		expect(await count('select count(*) from sessions where user_id = ?', target.id)).toBe(0);
		expect((await apiClient(server, { cookie: target.cookie }).get('/api/v1/me')).status).toBe(401);
		expect((await apiClient(server, { token: targetToken }).get('/api/v1/me')).status).toBe(401);
		const login = await postForm(server, '/login', { email: target.email, password: TEST_PASSWORD });
		expect(login.status).toBe(403);
		expect(login.text).toContain('This account is disabled');

		// Not themselves, and never the last active administrator.
		const self = await postForm(server, `/admin/users/${root.id}?/disable`, {}, { cookie: root.cookie });
		expect(self.status).toBe(403);
		expect(await count('select count(*) from users where id = ? and disabled_at is null', root.id)).toBe(1);
		const actor = { user: { ...root, isAdmin: true, isDemo: false }, token: null };
		expect(may(actor, 'user.disable', null, { id: 'someone', isAdmin: true, activeAdmins: 1 })).toBe(false);
		expect(may(actor, 'user.disable', null, { id: 'someone', isAdmin: true, activeAdmins: 2 })).toBe(true);

		// Enable: they sign in again.
		const enabled = await postForm(server, `/admin/users/${target.id}?/enable`, {}, { cookie: root.cookie });
		expect(enabled.status).toBe(200);
		const back = await postForm(server, '/login', { email: target.email, password: TEST_PASSWORD });
		expect(back.status).toBe(303);

		// A pending invitation to someone without an account, sent again with a new link.
		const fran = apiClient(server, { cookie: p.facilitator.cookie });
		const inv = await fran.post(`/api/v1/workspaces/${p.workspace.id}/invitations`, {
			email: 'newcomer.resend@example.org',
			role: 'commenter',
			organisationId: p.orgs[1].org.id
		});
		expect(inv.status, inv.text).toBe(201);
		const first = await smtp.waitFor(to('newcomer.resend@example.org'), 'the invitation');
		const listed = await adminApi.get('/admin/users?q=newcomer.resend');
		expect(listed.text).toContain('newcomer.resend@example.org');
		const resent = await postForm(
			server,
			'/admin/users?/resend',
			{ id: inv.json.invitation.id },
			{ cookie: root.cookie }
		);
		expect(resent.status).toBe(200);
		expect(resent.text).toContain('sent again');
		await expect
			.poll(() => smtp.messages.filter(to('newcomer.resend@example.org')).length, { timeout: 10_000 })
			.toBe(2);
		const second = smtp.messages.filter(to('newcomer.resend@example.org'))[1];
		const link = (m: Received) => /\/invite\/([a-z2-7]+)/.exec(m.mail.text ?? '')![1];
		expect(link(second)).not.toBe(link(first));
		expect((await fetch(`${server.url}/invite/${link(second)}`)).status).toBe(200);

		// Every action is in the history of the workspace it touched, by the administrator.
		const history = await fran.get(`/api/v1/workspaces/${p.workspace.id}/history`);
		const mine = history.json.changes.filter((c: { by: string }) => c.by === root.name);
		expect(mine.map((c: { kind: string }) => c.kind).sort()).toEqual([
			'account.disabled',
			'account.enabled',
			'invitation.resent'
		]);
	});
});
