// Every vote command through both doors: the vote pages' forms (as a browser without JavaScript posts them)
// and the API. Each case asks for the same thing at both and expects the same status, message and effect.
import { beforeAll, describe, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { useServer } from '../fixtures/suite.ts';
import type { TestServer } from '../fixtures/server.ts';
import { addMember, createPartnership, createUser, type TestUser } from '../fixtures/factory.ts';
import { throughBothDoors, type DoorCase, type DoorRequests } from '../fixtures/doors.ts';
import type { DB } from '../../src/lib/server/db/index.ts';
import { ballots, votes } from '../../src/lib/server/db/schema/index.ts';
import * as lifecycle from '../../src/lib/server/votes/lifecycle.ts';
import { voteInput } from '../../src/lib/server/votes/schemas.ts';

let server: TestServer;
let db: DB;
useServer({}, (s) => ({ server, db } = s));

type Partnership = Awaited<ReturnType<typeof createPartnership>>;
let p: Partnership;
let stranger: TestUser;
let colleague: TestUser;

beforeAll(async () => {
	p = await createPartnership(db);
	stranger = await createUser(db, { name: 'Stranger' });
	// A member of the first organisation who is not its voting delegate.
	colleague = await createUser(db, { name: 'Colleague' });
	await addMember(db, p.workspace.id, colleague.id, {
		role: 'editor',
		organisationId: p.orgs[0].org.id,
		votingDelegate: false
	});
});

// Times on the minute, next year in July (British Summer Time: the form types them an hour ahead of UTC).
const year = new Date().getUTCFullYear() + 1;
const opensAt = `${year}-07-01T08:30:00.000Z`;
const closesAt = `${year}-07-08T16:00:00.000Z`;
const formTimes = { opensAt: `${year}-07-01T09:30`, closesAt: `${year}-07-08T17:00` };
const defaultRule = {
	uplift: '1.5',
	shareVcse: '0.5',
	shareStatutory: '0.5',
	quorum: '0.5',
	threshold: '0.5'
};

let n = 0;
const question = () => `Adopt the policy, reading ${++n}?`;

// Votes are set up in the database directly (the lifecycle, as the scheduler moves them), to keep this quick.
async function draft(): Promise<string> {
	const input = voteInput.parse({ question: question(), opensAt, closesAt });
	return (await lifecycle.createVote(db, p.workspace.id, input, p.facilitator.id)).id;
}

async function opened(): Promise<string> {
	const id = await draft();
	await lifecycle.openVote(db, id, Date.now(), true);
	return id;
}

async function closed(): Promise<string> {
	const id = await opened();
	await lifecycle.closeVoteEarly(db, id, 'The board decided.', p.facilitator.id);
	return id;
}

const page = (id: string, action: string) => `/w/${p.workspace.slug}/votes/${id}?/${action}`;
const voteRow = (id: string) => db.select().from(votes).where(eq(votes.id, id)).get();
const state = (id: string) => {
	const v = voteRow(id);
	return v ? { status: v.status, question: v.question, closedReason: v.closedReason } : null;
};
const ballotsOf = (id: string) =>
	db
		.select({
			organisationId: ballots.organisationId,
			choice: ballots.choice,
			statement: ballots.statement,
			assisted: ballots.assistedBy
		})
		.from(ballots)
		.where(eq(ballots.voteId, id))
		.all()
		.map((b) => ({ ...b, assisted: b.assisted !== null }));

/** Creating a vote: the form types times in the workspace's zone, the API sends them in UTC. */
function create(who: () => TestUser, q: () => string = question): () => Promise<DoorRequests> {
	return async () => {
		const text = q();
		return {
			cookie: who().cookie,
			form: {
				path: `/w/${p.workspace.slug}/votes/new`,
				fields: {
					question: text,
					explanation: '',
					documentId: '',
					electorateMode: 'all',
					...formTimes,
					...defaultRule
				}
			},
			api: {
				method: 'POST',
				path: `/api/v1/workspaces/${p.workspace.id}/votes`,
				body: { question: text, opensAt, closesAt }
			},
			effect: () =>
				db
					.select({
						opensAt: votes.opensAt,
						closesAt: votes.closesAt,
						rule: votes.rule,
						status: votes.status
					})
					.from(votes)
					.where(eq(votes.question, text.trim()))
					.all()
		};
	};
}

function edit(who: () => TestUser, make: () => Promise<string>, newQuestion: string) {
	return async (): Promise<DoorRequests> => {
		const id = await make();
		return {
			cookie: who().cookie,
			form: {
				path: `/w/${p.workspace.slug}/votes/${id}/edit`,
				fields: { question: newQuestion, electorateMode: 'all', ...formTimes, ...defaultRule }
			},
			api: { method: 'PATCH', path: `/api/v1/votes/${id}`, body: { question: newQuestion } },
			effect: () => {
				const v = voteRow(id)!;
				return { question: v.question.startsWith('Adopt the policy, reading') ? 'unchanged' : v.question };
			}
		};
	};
}

function simple(
	action: 'open' | 'delete',
	who: () => TestUser,
	make: () => Promise<string>
): () => Promise<DoorRequests> {
	return async () => {
		const id = await make();
		return {
			cookie: who().cookie,
			form: { path: page(id, action), fields: {} },
			api:
				action === 'delete'
					? { method: 'DELETE', path: `/api/v1/votes/${id}` }
					: { method: 'POST', path: `/api/v1/votes/${id}/open` },
			effect: () => {
				const s = state(id);
				return s && { status: s.status };
			}
		};
	};
}

function close(who: () => TestUser, make: () => Promise<string>, reason: string) {
	return async (): Promise<DoorRequests> => {
		const id = await make();
		return {
			cookie: who().cookie,
			form: { path: page(id, 'close'), fields: { reason } },
			api: { method: 'POST', path: `/api/v1/votes/${id}/close`, body: { reason } },
			effect: () => {
				const s = state(id)!;
				return { status: s.status, closedReason: s.closedReason };
			}
		};
	};
}

/** The delegate's own ballot (the page's form casts for the member's organisation). */
function cast(who: () => TestUser, make: () => Promise<string>, choice: string, statement = '') {
	return async (): Promise<DoorRequests> => {
		const id = await make();
		return {
			cookie: who().cookie,
			form: { path: page(id, 'cast'), fields: { choice, statement } },
			api: {
				method: 'POST',
				path: `/api/v1/votes/${id}/ballots`,
				body: { organisationId: p.orgs[0].org.id, choice, statement }
			},
			effect: () => ballotsOf(id)
		};
	};
}

function assisted(who: () => TestUser, make: () => Promise<string>, organisationId: () => string) {
	return async (): Promise<DoorRequests> => {
		const id = await make();
		return {
			cookie: who().cookie,
			form: { path: page(id, 'assisted'), fields: { organisationId: organisationId(), choice: 'against' } },
			api: {
				method: 'POST',
				path: `/api/v1/votes/${id}/ballots`,
				body: { organisationId: organisationId(), choice: 'against', assisted: true }
			},
			effect: () => ballotsOf(id)
		};
	};
}

const facilitator = () => p.facilitator;
const delegate = () => p.orgs[0].delegate;
const outsider = () => stranger;

const cases: DoorCase[] = [
	// Create
	{ name: 'a facilitator creates a vote', arrange: create(facilitator), expect: 'ok' },
	{
		name: 'a delegate may not create a vote',
		arrange: create(delegate),
		expect: { status: 403, message: /facilitator role/ }
	},
	{
		name: 'a stranger cannot see the private workspace to create in',
		arrange: create(outsider),
		expect: { status: 404, message: /Not found/ }
	},
	{
		name: 'a question too short is refused',
		arrange: create(facilitator, () => 'x'),
		expect: { status: 422, message: /at least 3 characters/ }
	},
	// Edit
	{
		name: 'a facilitator edits a draft',
		arrange: edit(facilitator, draft, 'A better question?'),
		expect: 'ok'
	},
	{
		name: 'a delegate may not edit',
		arrange: edit(delegate, draft, 'A better question?'),
		expect: { status: 403, message: /Only facilitators can edit a vote/ }
	},
	{
		name: 'an open vote cannot be edited',
		arrange: edit(facilitator, opened, 'Too late?'),
		expect: { status: 409, message: /This vote has opened/ }
	},
	{
		name: 'an edit with too short a question is refused',
		arrange: edit(facilitator, draft, 'x'),
		expect: { status: 422, message: /at least 3 characters/ }
	},
	// Delete
	{ name: 'a facilitator deletes a draft', arrange: simple('delete', facilitator, draft), expect: 'ok' },
	{
		name: 'a delegate may not delete',
		arrange: simple('delete', delegate, draft),
		expect: { status: 403, message: /Only facilitators can delete a vote/ }
	},
	{
		name: 'an open vote cannot be deleted',
		arrange: simple('delete', facilitator, opened),
		expect: { status: 409, message: /Only a vote that has not opened can be deleted/ }
	},
	// Open
	{ name: 'a facilitator opens a draft early', arrange: simple('open', facilitator, draft), expect: 'ok' },
	{
		name: 'a delegate may not open',
		arrange: simple('open', delegate, draft),
		expect: { status: 403, message: /Only facilitators can open a vote/ }
	},
	{
		name: 'opening an open vote is a conflict, at the page as in the API',
		arrange: simple('open', facilitator, opened),
		expect: { status: 409, message: /This vote has already opened/ }
	},
	{
		name: 'a stranger cannot see the vote to open',
		arrange: simple('open', outsider, draft),
		expect: { status: 404, message: /Not found/ }
	},
	// Close
	{
		name: 'a facilitator closes early',
		arrange: close(facilitator, opened, 'Everyone has voted.'),
		expect: 'ok'
	},
	{
		name: 'closing needs a reason',
		arrange: close(facilitator, opened, 'x'),
		expect: { status: 422, message: /reason for closing early/ }
	},
	{
		name: 'a delegate may not close',
		arrange: close(delegate, opened, 'Everyone has voted.'),
		expect: { status: 403, message: /Only facilitators can close a vote/ }
	},
	{
		name: 'a draft cannot be closed',
		arrange: close(facilitator, draft, 'Everyone has voted.'),
		expect: { status: 409, message: /has not opened yet/ }
	},
	// Cast
	{
		name: 'a voting delegate casts their organisation’s ballot',
		arrange: cast(delegate, opened, 'for'),
		expect: 'ok'
	},
	{
		name: 'a member who is not the delegate may not cast',
		arrange: cast(() => colleague, opened, 'for'),
		expect: { status: 403, message: /Only a voting delegate of this organisation/ }
	},
	{
		name: 'no ballot after the close',
		arrange: cast(delegate, closed, 'for'),
		expect: { status: 409, message: /This vote has closed/ }
	},
	{
		name: 'too long a statement is refused',
		arrange: cast(delegate, opened, 'for', 'y'.repeat(2001)),
		expect: { status: 422, message: /Keep the statement under 2000 characters/ }
	},
	{
		name: 'a choice that is none of the three is refused',
		arrange: cast(delegate, opened, 'maybe'),
		expect: { status: 422, message: /Choose for, against or abstain/ }
	},
	// Assisted ballot
	{
		name: 'a facilitator records an assisted ballot',
		arrange: assisted(facilitator, opened, () => p.orgs[1].org.id),
		expect: 'ok'
	},
	{
		name: 'a delegate may not record an assisted ballot',
		arrange: assisted(delegate, opened, () => p.orgs[1].org.id),
		expect: { status: 403, message: /Only facilitators can record an assisted ballot/ }
	},
	{
		name: 'an organisation outside the electorate has no ballot',
		arrange: assisted(facilitator, opened, () => 'no-such-organisation'),
		expect: { status: 403, message: /not in the electorate/ }
	}
];

describe('vote commands through both doors', () => {
	for (const c of cases) it(c.name, async () => await throughBothDoors(server, c));
});
