// Commands called directly, without HTTP: each checks the policy itself, so a caller that skips the doors (the
// scheduler, the admin command line, a future door) gets the same refusals. Real database (a SQLite file, or a
// new PostgreSQL database under PARITY_TEST_ENGINE=postgres), no server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { closeDatabase, openStorage, setDb, type DB } from '../../src/lib/server/db/index.ts';
import { ENGINE, newPostgresDatabase } from '../fixtures/server.ts';
import { isDomainError } from '../../src/lib/server/errors.ts';
import type { Actor } from '../../src/lib/server/policy/index.ts';
import * as votes from '../../src/lib/server/votes/commands.ts';
import * as documents from '../../src/lib/server/documents/commands.ts';
import * as consultations from '../../src/lib/server/consultations/commands.ts';
import { addMember, createPartnership, createUser, type TestUser } from '../fixtures/factory.ts';

let dir: string;
let db: DB;
let p: Awaited<ReturnType<typeof createPartnership>>;
let commenter: TestUser;
let observer: TestUser;

const as = (u: TestUser, scope: 'read' | 'write' | null = null): Actor => ({
	user: { id: u.id, email: u.email, name: u.name, isAdmin: false, isDemo: false },
	token: scope ? { id: 't', name: 'script', scope, workspaceIds: null, expiresAt: null } : null
});
const nobody: Actor = { user: null, token: null };

/** What a command refused with: the kind of refusal, its message and the fields it names. */
async function refusal(run: () => Promise<unknown>) {
	try {
		await run();
	} catch (e) {
		if (isDomainError(e)) return { kind: e.kind, message: e.message, fields: Object.keys(e.issues) };
		throw e;
	}
	throw new Error('the command did what was asked');
}

const year = new Date().getUTCFullYear() + 1;
const draft = {
	question: 'Adopt the policy?',
	opensAt: `${year}-03-01T09:00:00Z`,
	closesAt: `${year}-03-08T17:00:00Z`
};

beforeAll(async () => {
	dir = mkdtempSync(path.join(tmpdir(), 'parity-commands-'));
	db = await openStorage({
		url: ENGINE === 'postgres' ? await newPostgresDatabase() : `file:${path.join(dir, 'p.db')}`,
		migrationsFolder: path.resolve(import.meta.dirname, '../../drizzle')
	});
	setDb(db);
	p = await createPartnership(db, { vcse: 2, statutory: 1 });
	commenter = await createUser(db, { name: 'Cora Commenter' });
	await addMember(db, p.workspace.id, commenter.id, { role: 'commenter', organisationId: p.orgs[0].org.id });
	observer = await createUser(db, { name: 'Olly Observer' });
	await addMember(db, p.workspace.id, observer.id, { role: 'observer', organisationId: p.orgs[1].org.id });
});

afterAll(async () => {
	await closeDatabase(db);
	rmSync(dir, { recursive: true, force: true });
});

describe('vote commands check the policy themselves', () => {
	it('refuses a vote to anyone but a facilitator, and any change to a read-only token or nobody', async () => {
		expect(await refusal(() => votes.createVote(as(commenter), p.workspace.id, draft))).toMatchObject({
			kind: 'forbidden'
		});
		expect(await refusal(() => votes.createVote(as(p.facilitator, 'read'), p.workspace.id, draft))).toEqual({
			kind: 'forbidden',
			message: 'This token is read-only.',
			fields: []
		});
		// To someone not signed in, a private workspace is not there at all.
		expect((await refusal(() => votes.createVote(nobody, p.workspace.id, draft))).kind).toBe('not_found');
		const { vote } = await votes.createVote(as(p.facilitator), p.workspace.id, draft);
		expect(vote.status).toBe('draft');
	});

	it('lets a delegate cast only its own organisation’s ballot, and says which field is wrong', async () => {
		const { vote } = await votes.createVote(as(p.facilitator), p.workspace.id, draft);
		await votes.openVote(as(p.facilitator), vote.id);
		const [a, b] = p.orgs;
		expect(
			await refusal(() =>
				votes.castBallot(as(a.delegate), vote.id, { organisationId: b.org.id, choice: 'for' })
			)
		).toMatchObject({
			kind: 'forbidden',
			message: 'Only a voting delegate of this organisation can cast its ballot.'
		});
		expect(
			await refusal(() =>
				votes.castBallot(as(observer), vote.id, { organisationId: b.org.id, choice: 'for' })
			)
		).toMatchObject({ kind: 'forbidden', message: 'Observers cannot vote.' });
		expect(
			await refusal(() =>
				votes.castBallot(as(a.delegate), vote.id, { organisationId: a.org.id, choice: 'maybe' })
			)
		).toMatchObject({ kind: 'invalid', fields: ['choice'] });
		const cast = await votes.castBallot(as(a.delegate), vote.id, { organisationId: a.org.id, choice: 'for' });
		expect(cast).toMatchObject({ created: true, ballot: { choice: 'for', castBy: a.delegate.id } });
		expect(await refusal(() => votes.closeVote(as(p.facilitator), vote.id, {}))).toMatchObject({
			kind: 'invalid',
			fields: ['reason']
		});
	});
});

describe('document and consultation commands check the policy themselves', () => {
	it('lets an editor write a document, a facilitator consult on it, and members (not observers) respond', async () => {
		expect(
			await refusal(() =>
				documents.addDocument(as(commenter), p.workspace.id, { title: 'Social value', kind: 'social_value' })
			)
		).toMatchObject({ kind: 'forbidden' });
		const { document } = await documents.addDocument(as(p.orgs[0].delegate), p.workspace.id, {
			title: 'Social value',
			kind: 'social_value'
		});
		const open = { closesAt: `${year}-06-01T17:00`, audience: 'members', questions: ['Is it fair?'] };
		expect(
			await refusal(() => consultations.openConsultation(as(p.orgs[0].delegate), document.id, open))
		).toMatchObject({ kind: 'forbidden' });
		const { consultation } = await consultations.openConsultation(as(p.facilitator), document.id, open);
		expect(
			await refusal(() => consultations.openConsultation(as(p.facilitator), document.id, open))
		).toMatchObject({ kind: 'conflict' });
		expect(
			await refusal(() => consultations.respond(as(observer), consultation.id, { answers: ['Yes'] }))
		).toMatchObject({ kind: 'forbidden' });
		expect(await consultations.respond(as(commenter), consultation.id, { answers: ['Yes'] })).toMatchObject({
			replaced: false
		});
	});
});
