// "Waiting for you" on the workspace overview, in process against a real SQLite file: each kind of item (an
// open vote the organisation has not voted in, an unanswered consultation, a mention in an unresolved thread,
// suggestions to decide, an action due or overdue) reaches the right people and nobody else, and another
// workspace's items never appear.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { closeDb, openDatabase, setDb, type DB } from '../../src/lib/server/db/index.ts';
import { newId } from '../../src/lib/server/db/ids.ts';
import {
	actions,
	ballots,
	commentMentions,
	comments,
	commentThreads,
	consultationResponses,
	consultations,
	documents,
	suggestions,
	votes
} from '../../src/lib/server/db/schema/index.ts';
import type { ActionStatus } from '../../src/lib/domain/register-record.ts';
import { DEFAULT_RULE } from '../../src/lib/domain/vote-rule.ts';
import { todayIn } from '../../src/lib/domain/action-dates.ts';
import { waitingFor, type WaitingItem } from '../../src/lib/server/waiting/queries.ts';
import {
	addMember,
	addPartner,
	createPartnership,
	createUser,
	createWorkspace,
	type TestUser
} from '../fixtures/factory.ts';
import { createDocument } from '../fixtures/collab-client.ts';

const HOUR = 3600_000;
const DAY = 24 * HOUR;
const NOW = Date.now();

let dir: string;
let db: DB;
let ws: { id: string; slug: string };
let people: Record<
	'facilitator' | 'delegateA' | 'delegateB' | 'delegateC' | 'commenterA' | 'observerA' | 'outsider',
	TestUser
>;
/** Ids of what each test expects, by name. */
const ids: Record<string, string> = {};

const actorOf = (u: TestUser) => ({
	user: { id: u.id, email: u.email, name: u.name, isAdmin: false, isDemo: false },
	token: null
});

/** What is waiting for a person in the main workspace, as `kind:name` (names from `ids`). */
async function waiting(person: keyof typeof people, workspace = ws.id): Promise<string[]> {
	const items = await waitingFor(db, actorOf(people[person]), workspace, NOW);
	const nameOf = (id: string) => Object.entries(ids).find(([, v]) => v === id)?.[0] ?? id;
	return items.map((i: WaitingItem) => `${i.kind}:${nameOf(i.id)}`);
}

async function vote(
	workspaceId: string,
	name: string,
	electorate: { id: string; name: string; sector: 'vcse' | 'statutory' }[],
	status: 'draft' | 'open' | 'closed' = 'open'
) {
	const id = newId();
	ids[name] = id;
	await db.insert(votes).values({
		id,
		workspaceId,
		question: `Question ${name}?`,
		opensAt: NOW - HOUR,
		closesAt: status === 'closed' ? NOW - 1 : NOW + DAY,
		status,
		rule: DEFAULT_RULE,
		electorate:
			status === 'draft'
				? null
				: electorate.map((o) => ({
						organisationId: o.id,
						name: o.name,
						sector: o.sector,
						grassroots: false,
						byAndFor: false,
						weight: '1'
					})),
		openedAt: status === 'draft' ? null : NOW - HOUR,
		createdAt: NOW - 2 * HOUR,
		updatedAt: NOW - HOUR
	});
	return id;
}

async function consultation(workspaceId: string, documentId: string, name: string, closesAt = NOW + DAY) {
	const id = newId();
	ids[name] = id;
	await db.insert(consultations).values({
		id,
		workspaceId,
		documentId,
		title: `Consultation ${name}`,
		contentHash: '0'.repeat(64),
		audience: 'members',
		questions: ['Is this right?'],
		openedAt: NOW - 2 * DAY,
		closesAt,
		createdAt: NOW - 2 * DAY
	});
	return id;
}

/** A thread whose first comment is by `author` and mentions `mentioned`; more comments with `then`. */
async function thread(
	workspaceId: string,
	documentId: string,
	name: string,
	author: TestUser,
	mentioned: TestUser[],
	opts: { resolved?: boolean; then?: { by: TestUser; at: number; mentions?: TestUser[] }[] } = {}
) {
	const id = newId();
	ids[name] = id;
	await db.insert(commentThreads).values({
		id,
		workspaceId,
		documentId,
		anchorStart: 'a',
		anchorEnd: 'b',
		quote: `Passage ${name}`,
		versionHash: '0'.repeat(64),
		status: opts.resolved ? 'resolved' : 'open',
		createdAt: NOW - 3 * HOUR,
		updatedAt: NOW - 3 * HOUR
	});
	const add = async (by: TestUser, at: number, who: TestUser[]) => {
		const commentId = newId();
		await db
			.insert(comments)
			.values({ id: commentId, threadId: id, authorId: by.id, body: 'Look at this', createdAt: at });
		if (who.length) await db.insert(commentMentions).values(who.map((u) => ({ commentId, userId: u.id })));
	};
	await add(author, NOW - 3 * HOUR, mentioned);
	for (const c of opts.then ?? []) await add(c.by, c.at, c.mentions ?? []);
	return id;
}

async function suggestion(
	workspaceId: string,
	documentId: string,
	name: string,
	author: TestUser,
	status: 'open' | 'rejected' = 'open'
) {
	const id = newId();
	ids[name] = id;
	await db.insert(suggestions).values({
		id,
		workspaceId,
		documentId,
		anchorStart: 'a',
		anchorEnd: 'b',
		quote: 'old',
		replacement: 'new',
		versionHash: '0'.repeat(64),
		authorId: author.id,
		status,
		createdAt: NOW - HOUR
	});
}

async function action(
	workspaceId: string,
	name: string,
	owner: string,
	dueInDays: number,
	status: ActionStatus = 'planned'
) {
	const id = newId();
	ids[name] = id;
	await db.insert(actions).values({
		id,
		workspaceId,
		ownerOrganisationId: owner,
		description: `Action ${name}`,
		dueDate: todayIn('Europe/London', NOW + dueInDays * DAY),
		status,
		registerSeq: 1,
		createdAt: NOW - 10 * DAY,
		updatedAt: NOW - 10 * DAY
	});
}

beforeAll(async () => {
	dir = mkdtempSync(path.join(tmpdir(), 'parity-waiting-'));
	db = openDatabase({
		url: `file:${path.join(dir, 'p.db')}`,
		migrationsFolder: path.resolve(import.meta.dirname, '../../drizzle')
	});
	setDb(db);

	// Organisations A and B (VCSE) and C (statutory), each with a voting delegate (an editor).
	const p = await createPartnership(db, { vcse: 2, statutory: 1 });
	ws = p.workspace;
	const [a, b, c] = p.orgs;
	const commenterA = await createUser(db, { name: 'Cora Commenter' });
	await addMember(db, ws.id, commenterA.id, { role: 'commenter', organisationId: a.org.id });
	// An observer marked as a delegate still cannot vote, comment or act.
	const observerA = await createUser(db, { name: 'Otis Observer' });
	await addMember(db, ws.id, observerA.id, {
		role: 'observer',
		organisationId: a.org.id,
		votingDelegate: true
	});
	const outsider = await createUser(db, { name: 'Otto Outsider' });
	people = {
		facilitator: p.facilitator,
		delegateA: a.delegate,
		delegateB: b.delegate,
		delegateC: c.delegate,
		commenterA,
		observerA,
		outsider
	};
	const org = (o: (typeof p.orgs)[number]) => ({ id: o.org.id, name: o.org.name, sector: o.org.sector });

	// Votes: one open to all three (B has voted), one open to B only, one closed, one draft.
	const open = await vote(ws.id, 'voteAll', [org(a), org(b), org(c)]);
	await db.insert(ballots).values({
		id: newId(),
		voteId: open,
		organisationId: b.org.id,
		choice: 'for',
		castBy: b.delegate.id,
		createdAt: NOW - HOUR,
		updatedAt: NOW - HOUR
	});
	await vote(ws.id, 'voteB', [org(b)]);
	await vote(ws.id, 'voteClosed', [org(a), org(c)], 'closed');
	await vote(ws.id, 'voteDraft', [org(a), org(c)], 'draft');

	// Consultations: one open (B's delegate has answered), one closed.
	const doc = await createDocument(db, ws.id, p.facilitator.id);
	const k = await consultation(ws.id, doc, 'consultation');
	await db.insert(consultationResponses).values({
		id: newId(),
		consultationId: k,
		respondentKey: `u:${b.delegate.id}`,
		userId: b.delegate.id,
		organisationId: b.org.id,
		answers: ['Yes'],
		createdAt: NOW - HOUR,
		updatedAt: NOW - HOUR
	});
	await consultation(ws.id, doc, 'consultationClosed', NOW - 1);

	// Threads: B mentions A's delegate (open); a resolved one mentioning A; one mentioning the commenter, who
	// has answered since; one where the commenter was mentioned again after answering.
	await thread(ws.id, doc, 'threadForA', b.delegate, [a.delegate]);
	await thread(ws.id, doc, 'threadResolved', b.delegate, [a.delegate], { resolved: true });
	await thread(ws.id, doc, 'threadAnswered', c.delegate, [commenterA], {
		then: [{ by: commenterA, at: NOW - 2 * HOUR }]
	});
	await thread(ws.id, doc, 'threadAgain', c.delegate, [commenterA], {
		then: [
			{ by: commenterA, at: NOW - 2 * HOUR },
			{ by: c.delegate, at: NOW - HOUR, mentions: [commenterA] }
		]
	});

	// Suggestions: two by the commenter and one by B's delegate on the draft; one rejected; one on a decided
	// document.
	await suggestion(ws.id, doc, 'sugg1', commenterA);
	await suggestion(ws.id, doc, 'sugg2', commenterA);
	await suggestion(ws.id, doc, 'suggByB', b.delegate);
	await suggestion(ws.id, doc, 'suggRejected', commenterA, 'rejected');
	const decided = await createDocument(db, ws.id, p.facilitator.id);
	await db.update(documents).set({ status: 'decided' }).where(eq(documents.id, decided));
	await suggestion(ws.id, decided, 'suggDecided', commenterA);
	ids.doc = doc;

	// Actions: A's overdue and due in three days; A's due in a month, done, dropped; C's due tomorrow.
	await action(ws.id, 'actionOverdue', a.org.id, -2, 'in_progress');
	await action(ws.id, 'actionDue', a.org.id, 3);
	await action(ws.id, 'actionLater', a.org.id, 30);
	await action(ws.id, 'actionDone', a.org.id, -1, 'done');
	await action(ws.id, 'actionDropped', a.org.id, 1, 'dropped');
	await action(ws.id, 'actionC', c.org.id, 1);

	// Another workspace where organisation A is a partner and its delegate a member: everything there
	// would be waiting for them, and must stay there.
	const elsewhere = await createWorkspace(db, { name: 'Elsewhere', facilitatorId: p.facilitator.id });
	ids.elsewhere = elsewhere.id;
	await addPartner(db, elsewhere.id, a.org.id);
	await addMember(db, elsewhere.id, a.delegate.id, {
		role: 'editor',
		organisationId: a.org.id,
		votingDelegate: true
	});
	await addMember(db, elsewhere.id, commenterA.id, { role: 'commenter', organisationId: a.org.id });
	await vote(elsewhere.id, 'voteElsewhere', [org(a)]);
	const otherDoc = await createDocument(db, elsewhere.id, p.facilitator.id);
	await consultation(elsewhere.id, otherDoc, 'consultationElsewhere');
	await thread(elsewhere.id, otherDoc, 'threadElsewhere', p.facilitator, [a.delegate, commenterA]);
	await suggestion(elsewhere.id, otherDoc, 'suggElsewhere', commenterA);
	ids.otherDoc = otherDoc;
	await action(elsewhere.id, 'actionElsewhere', a.org.id, 1);
});

afterAll(() => {
	closeDb();
	rmSync(dir, { recursive: true, force: true });
});

describe('waiting for you', () => {
	it('gives A’s voting delegate their vote, the consultation, the mention, suggestions and A’s actions', async () => {
		expect(await waiting('delegateA')).toEqual([
			'vote:voteAll',
			'consultation:consultation',
			'action:actionOverdue',
			'action:actionDue',
			'mention:threadForA',
			'suggestions:doc'
		]);
		const items = await waitingFor(db, actorOf(people.delegateA), ws.slug, NOW);
		const byKind = Object.fromEntries(items.map((i) => [i.kind === 'action' ? i.id : i.kind, i]));
		expect(byKind.vote).toMatchObject({
			question: 'Question voteAll?',
			organisationName: 'VCSE org 1',
			href: `/w/${ws.slug}/votes/${ids.voteAll}`
		});
		expect(byKind.consultation.href).toBe(`/w/${ws.slug}/documents/${ids.doc}/comments#answer-h`);
		expect(byKind.mention).toMatchObject({
			byName: 'Delegate of VCSE org 2',
			href: `/w/${ws.slug}/documents/${ids.doc}/comments#t-${ids.threadForA}`
		});
		// Three open suggestions on the draft, none of them A's delegate's own.
		expect(byKind.suggestions).toMatchObject({
			count: 3,
			href: `/w/${ws.slug}/documents/${ids.doc}/comments#sugg-h`
		});
		expect(byKind[ids.actionOverdue]).toMatchObject({ overdue: true });
		expect(byKind[ids.actionDue]).toMatchObject({ overdue: false });
	});

	it('gives B’s delegate only the vote B has not voted in and the suggestions that are not theirs', async () => {
		expect(await waiting('delegateB')).toEqual(['vote:voteB', 'suggestions:doc']);
		const items = await waitingFor(db, actorOf(people.delegateB), ws.id, NOW);
		expect(items[1]).toMatchObject({ kind: 'suggestions', count: 2 });
	});

	it('gives C’s delegate their vote, the consultation, C’s action and the suggestions', async () => {
		expect(await waiting('delegateC')).toEqual([
			'vote:voteAll',
			'consultation:consultation',
			'action:actionC',
			'suggestions:doc'
		]);
	});

	it('gives a commenter no vote and no suggestions, but their organisation’s actions and a fresh mention', async () => {
		expect(await waiting('commenterA')).toEqual([
			'consultation:consultation',
			'action:actionOverdue',
			'action:actionDue',
			'mention:threadAgain'
		]);
	});

	it('gives a facilitator acting for no organisation the consultation and the suggestions', async () => {
		expect(await waiting('facilitator')).toEqual(['consultation:consultation', 'suggestions:doc']);
	});

	it('gives an observer nothing, even when marked as a delegate', async () => {
		expect(await waiting('observerA')).toEqual([]);
	});

	it('keeps each workspace’s items in that workspace', async () => {
		expect(await waiting('delegateA', ids.elsewhere)).toEqual([
			'vote:voteElsewhere',
			'consultation:consultationElsewhere',
			'action:actionElsewhere',
			'mention:threadElsewhere',
			'suggestions:otherDoc'
		]);
		expect(await waiting('commenterA', ids.elsewhere)).toEqual([
			'consultation:consultationElsewhere',
			'action:actionElsewhere',
			'mention:threadElsewhere'
		]);
	});

	it('is invisible to someone outside a private workspace', async () => {
		await expect(waiting('outsider')).rejects.toMatchObject({ status: 404 });
	});
});
