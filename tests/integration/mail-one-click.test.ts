// One-click unsubscribe (RFC 8058) on a real HTTP server in this process, as server/index.ts wires it: a
// signed token stops a workspace's email or an address's, a forged or malformed one changes nothing, and no
// address, however odd, can end the process.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import http from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { closeDb, openDatabase, setDb, type DB } from '../../src/lib/server/db/index.ts';
import { handleOneClick } from '../../src/lib/server/mail/one-click.ts';
import { getMode } from '../../src/lib/server/mail/preferences.ts';
import { enqueue } from '../../src/lib/server/mail/queue.ts';
import { isSuppressed, unsubscribeToken } from '../../src/lib/server/mail/unsubscribe.ts';
import { addMember, createUser, createWorkspace, type TestUser } from '../fixtures/factory.ts';

let dir: string;
let db: DB;
let server: http.Server;
let base: string;
let person: TestUser;
let workspaceId: string;

const oneClick = (token: string, init: RequestInit = {}) =>
	fetch(`${base}/unsubscribe/one-click/${token}`, { redirect: 'manual', ...init });
const post = (token: string) =>
	oneClick(token, {
		method: 'POST',
		headers: { 'content-type': 'application/x-www-form-urlencoded' },
		body: 'List-Unsubscribe=One-Click'
	});

beforeAll(async () => {
	dir = mkdtempSync(path.join(tmpdir(), 'parity-one-click-'));
	db = openDatabase({
		url: `file:${path.join(dir, 'p.db')}`,
		migrationsFolder: path.resolve(import.meta.dirname, '../../drizzle')
	});
	setDb(db);
	server = http.createServer((req, res) => {
		if (!handleOneClick(db, req, res)) res.writeHead(404).end('other');
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
	person = await createUser(db, { name: 'Una Subscribe' });
	workspaceId = (await createWorkspace(db, { facilitatorId: person.id })).id;
	await addMember(db, workspaceId, person.id, { role: 'facilitator' });
});

afterAll(async () => {
	await new Promise((resolve) => server.close(resolve));
	closeDb();
	rmSync(dir, { recursive: true, force: true });
});

describe('one-click unsubscribe', () => {
	it('sends a person who opens the address to the confirmation page, changing nothing', async () => {
		const token = await unsubscribeToken(db, { kind: 'workspace', userId: person.id, workspaceId });
		const res = await oneClick(token);
		expect(res.status).toBe(303);
		expect(res.headers.get('location')).toBe(`/unsubscribe/${token}`);
		expect(await getMode(db, person.id, workspaceId)).toBe('daily');
	});

	it('answers a malformed or hostile address with 404, and keeps serving', async () => {
		for (const bad of [
			'%0D%0ALocation:%20https://evil.example',
			'%E0%A4%A',
			'a.b.c',
			'..%2F..%2Fsettings',
			''
		]) {
			expect((await oneClick(bad)).status, bad).toBe(404);
			expect((await oneClick(bad, { method: 'POST', body: 'x' })).status, bad).toBe(404);
		}
		expect((await oneClick('x'.repeat(2000) + '.abc')).status).toBe(404);
		const token = await unsubscribeToken(db, { kind: 'workspace', userId: person.id, workspaceId });
		expect((await oneClick(token)).status).toBe(303);
	});

	it('refuses a forged signature and other methods', async () => {
		const token = await unsubscribeToken(db, { kind: 'workspace', userId: person.id, workspaceId });
		const forged = token.slice(0, -4) + (token.endsWith('AAAA') ? 'BBBB' : 'AAAA');
		expect((await post(forged)).status).toBe(404);
		const other = await unsubscribeToken(db, { kind: 'address', email: 'someone@example.org' });
		const spliced = `${token.split('.')[0]}.${other.split('.')[1]}`;
		expect((await post(spliced)).status).toBe(404);
		const put = await oneClick(token, { method: 'PUT' });
		expect(put.status).toBe(405);
		expect(put.headers.get('allow')).toBe('GET, POST');
		expect(await getMode(db, person.id, workspaceId)).toBe('daily');
	});

	it('stops a workspace’s email for the person the token names, with no session', async () => {
		const token = await unsubscribeToken(db, { kind: 'workspace', userId: person.id, workspaceId });
		const res = await post(token);
		expect(res.status).toBe(200);
		expect(await res.text()).toContain('Unsubscribed');
		expect(await getMode(db, person.id, workspaceId)).toBe('none');
		// Again: the same answer.
		expect((await post(token)).status).toBe(200);
	});

	it('stops all email to an invited address, except a password reset the person asks for', async () => {
		const email = 'invited@example.org';
		const token = await unsubscribeToken(db, { kind: 'address', email });
		expect((await post(token)).status).toBe(200);
		expect(await isSuppressed(db, email)).toBe(true);
		const mail = { to: email, subject: 'Hello', text: 'Hello', html: '<p>Hello</p>' };
		expect(await enqueue(db, { ...mail, kind: 'invitation' })).toBeNull();
		expect(await enqueue(db, { ...mail, kind: 'password_reset' })).not.toBeNull();
	});
});
