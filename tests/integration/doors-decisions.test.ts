// The decision register's commands through both doors: each case asks the form action (as a browser without
// JavaScript posts it) and the API for the same thing, and both must give the same outcome and effect.
import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { useServer } from '../fixtures/suite.ts';
import type { TestServer } from '../fixtures/server.ts';
import { throughBothDoors, type DoorCase, type DoorRequests } from '../fixtures/doors.ts';
import { addMember, createPartnership, createUser } from '../fixtures/factory.ts';
import { apiClient } from '../fixtures/http.ts';
import type { DB } from '../../src/lib/server/db/index.ts';
import {
	actionNotes,
	actions,
	decisions,
	dissents,
	registerPersonal
} from '../../src/lib/server/db/schema/index.ts';

let server: TestServer;
let db: DB;
useServer({}, (s) => ({ server, db } = s));

const anHourAgo = () => new Date(Date.now() - 3_600_000).toISOString();
const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

type Partnership = Awaited<ReturnType<typeof createPartnership>>;

/** A consensus decision taken by the first two partners (the third, statutory, was not there). */
function consensus(p: Partnership, overrides: Record<string, unknown> = {}) {
	return {
		method: 'consensus',
		title: 'Adopt the involvement policy',
		question: 'Do we adopt the involvement policy?',
		outcome: 'approved',
		rationale: 'Everyone present agreed after the second reading.',
		decidedAt: anHourAgo(),
		decidedWhere: 'Partnership board',
		organisations: [p.orgs[0].org.id, p.orgs[1].org.id],
		dissentDays: 14,
		...overrides
	};
}

async function withDecision() {
	const p = await createPartnership(db);
	const res = await apiClient(server, { cookie: p.facilitator.cookie }).post(
		`/api/v1/workspaces/${p.workspace.id}/decisions`,
		consensus(p)
	);
	expect(res.status, res.text).toBe(201);
	return { p, decisionId: res.json.id as string };
}

async function withAction() {
	const { p, decisionId } = await withDecision();
	const res = await apiClient(server, { cookie: p.facilitator.cookie }).post(
		`/api/v1/workspaces/${p.workspace.id}/actions`,
		{
			ownerOrganisationId: p.orgs[0].org.id,
			description: 'Publish the rates',
			dueDate: inDays(30),
			decisionId
		}
	);
	expect(res.status, res.text).toBe(201);
	return { p, decisionId, actionId: res.json.id as string };
}

const decisionsOf = (workspaceId: string) => async () =>
	(
		await db
			.select({ title: decisions.title, outcome: decisions.outcome, method: decisions.method })
			.from(decisions)
			.where(eq(decisions.workspaceId, workspaceId))
	).length;

const dissentsOf = (decisionId: string) => async () =>
	(await db.select({ s: dissents.statement }).from(dissents).where(eq(dissents.decisionId, decisionId))).map(
		(d) => d.s
	);

const actionsOf = (workspaceId: string) => async () =>
	(
		await db
			.select({ description: actions.description, status: actions.status })
			.from(actions)
			.where(eq(actions.workspaceId, workspaceId))
	).map((a) => `${a.description}: ${a.status}`);

const notesOf = (actionId: string) => async () =>
	(
		await db.select({ note: actionNotes.note }).from(actionNotes).where(eq(actionNotes.actionId, actionId))
	).map((n) => n.note);

const personalOf = (workspaceId: string) => async () =>
	(
		await db
			.select({ id: registerPersonal.id })
			.from(registerPersonal)
			.where(eq(registerPersonal.workspaceId, workspaceId))
	).length;

/** The publish form's fields for a consensus decision (the form sends what the API takes as JSON). */
function publishForm(p: Partnership, overrides: Record<string, string | string[]> = {}) {
	const c = consensus(p);
	return {
		method: 'consensus',
		title: c.title,
		question: c.question,
		outcome: 'approved',
		rationale: c.rationale,
		decidedAt: c.decidedAt,
		decidedWhere: c.decidedWhere,
		organisations: c.organisations,
		dissentDays: '14',
		...overrides
	};
}

function publish(
	who: (p: Partnership) => Promise<string> | string,
	overrides: { form?: Record<string, string | string[]>; api?: Record<string, unknown> } = {}
): DoorCase['arrange'] {
	return async (): Promise<DoorRequests> => {
		const p = await createPartnership(db);
		return {
			cookie: await who(p),
			form: { path: `/w/${p.workspace.slug}/decisions/new`, fields: publishForm(p, overrides.form) },
			api: {
				method: 'POST',
				path: `/api/v1/workspaces/${p.workspace.id}/decisions`,
				body: consensus(p, overrides.api)
			},
			effect: decisionsOf(p.workspace.id)
		};
	};
}

function dissent(
	who: (p: Partnership) => Promise<string> | string,
	statement = 'We could not support the payment terms.'
): DoorCase['arrange'] {
	return async () => {
		const { p, decisionId } = await withDecision();
		return {
			cookie: await who(p),
			form: { path: `/w/${p.workspace.slug}/decisions/${decisionId}?/dissent`, fields: { statement } },
			api: { method: 'POST', path: `/api/v1/decisions/${decisionId}/dissent`, body: { statement } },
			effect: dissentsOf(decisionId)
		};
	};
}

function addAction(
	who: (p: Partnership) => Promise<string> | string,
	dueDate = inDays(30)
): DoorCase['arrange'] {
	return async () => {
		const { p, decisionId } = await withDecision();
		const fields = { ownerOrganisationId: p.orgs[1].org.id, description: 'Translate the policy', dueDate };
		return {
			cookie: await who(p),
			form: { path: `/w/${p.workspace.slug}/decisions/${decisionId}?/action`, fields },
			api: {
				method: 'POST',
				path: `/api/v1/workspaces/${p.workspace.id}/actions`,
				body: { ...fields, decisionId }
			},
			effect: actionsOf(p.workspace.id)
		};
	};
}

function updateAction(
	who: (p: Partnership) => Promise<string> | string,
	change: { status?: string; note?: string }
): DoorCase['arrange'] {
	return async () => {
		const { p, actionId } = await withAction();
		return {
			cookie: await who(p),
			form: {
				path: `/w/${p.workspace.slug}/decisions/actions?/update`,
				fields: { actionId, status: change.status ?? '', note: change.note ?? '' }
			},
			api: { method: 'PATCH', path: `/api/v1/actions/${actionId}`, body: change },
			effect: async () => [...(await actionsOf(p.workspace.id)()), ...(await notesOf(actionId)())]
		};
	};
}

function redact(who: (p: Partnership) => Promise<string> | string, person?: string): DoorCase['arrange'] {
	return async () => {
		const { p } = await withDecision();
		const fields = { person: person ?? `user:${p.facilitator.id}`, reason: 'Lawful erasure request' };
		return {
			cookie: await who(p),
			form: { path: `/w/${p.workspace.slug}/decisions/redact`, fields },
			api: { method: 'POST', path: `/api/v1/workspaces/${p.workspace.id}/register/redactions`, body: fields },
			effect: personalOf(p.workspace.id)
		};
	};
}

const facilitator = (p: Partnership) => p.facilitator.cookie;
const delegate = (i: number) => (p: Partnership) => p.orgs[i].delegate.cookie;
const outsider = async () => (await createUser(db)).cookie;
/**
 * An administrator who is an observer in the workspace: the workspace's pages (the redaction form among them)
 * are open to its members only, while the API serves any administrator.
 */
const admin = async (p: Partnership) => {
	const u = await createUser(db, { isAdmin: true });
	await addMember(db, p.workspace.id, u.id, { role: 'observer' });
	return u.cookie;
};
/** An observer who acts for an organisation that took part. */
const observer = async (p: Partnership) => {
	const u = await createUser(db);
	await addMember(db, p.workspace.id, u.id, { role: 'observer', organisationId: p.orgs[0].org.id });
	return u.cookie;
};

const cases: DoorCase[] = [
	// Publishing a decision
	{ name: 'a facilitator publishes a consensus decision', arrange: publish(facilitator), expect: 'ok' },
	{
		name: 'an editor may not publish a decision',
		arrange: publish(delegate(0)),
		expect: { status: 403, message: /facilitator role/ }
	},
	{
		name: 'someone outside a private workspace does not see it',
		arrange: publish(outsider),
		expect: { status: 404, message: /not found/i }
	},
	{
		name: 'a decision cannot be dated in the future',
		arrange: publish(facilitator, {
			form: { decidedAt: new Date(Date.now() + 86_400_000).toISOString() },
			api: { decidedAt: new Date(Date.now() + 86_400_000).toISOString() }
		}),
		expect: { status: 422, message: /cannot be dated in the future/ }
	},
	{
		name: 'a record to supersede must exist in the workspace',
		arrange: publish(facilitator, {
			form: { supersedes: 'nothing-here' },
			api: { supersedes: 'nothing-here' }
		}),
		expect: { status: 422, message: /record to supersede is not in this workspace/ }
	},
	// Dissenting statements
	{ name: 'a delegate adds a dissent for their organisation', arrange: dissent(delegate(0)), expect: 'ok' },
	{
		name: 'an observer may not add a dissent',
		arrange: dissent(observer),
		expect: { status: 403, message: /Observers cannot add a dissent/ }
	},
	{
		name: 'an organisation that did not take part cannot dissent',
		arrange: dissent(delegate(2)),
		expect: { status: 409, message: /Only organisations that took part/ }
	},
	{
		name: 'a non-member cannot dissent on a private register',
		arrange: dissent(outsider),
		expect: { status: 404, message: /not found/i }
	},
	// Actions
	{ name: 'a facilitator adds an action to a decision', arrange: addAction(facilitator), expect: 'ok' },
	{
		name: 'an editor may not add an action',
		arrange: addAction(delegate(1)),
		expect: { status: 403, message: /facilitator role/ }
	},
	{
		name: 'a new action cannot be due in the past',
		arrange: addAction(facilitator, inDays(-3)),
		expect: { status: 422, message: /is in the past/ }
	},
	{
		name: 'the owner organisation records progress on its action',
		arrange: updateAction(delegate(0), { status: 'in_progress', note: 'Started with the finance team.' }),
		expect: 'ok'
	},
	{
		name: 'another organisation may not update the action',
		arrange: updateAction(delegate(1), { status: 'done' }),
		expect: { status: 403, message: /Only the owner organisation and facilitators/ }
	},
	{
		name: 'an update that changes nothing is refused',
		arrange: updateAction(facilitator, { status: 'planned' }),
		expect: { status: 422, message: /Nothing to record/ }
	},
	// Redaction
	{ name: 'an administrator removes a person’s details', arrange: redact(admin), expect: 'ok' },
	{
		name: 'a facilitator is not an administrator',
		arrange: redact(facilitator),
		expect: { status: 403, message: /Administrators only/ }
	},
	{
		name: 'the person to remove must be named by a key',
		arrange: redact(admin, 'nobody'),
		expect: { status: 422, message: /Choose a person to redact/ }
	}
];

describe('decision register commands through both doors', () => {
	for (const c of cases)
		it(c.name, async () => {
			// Each door's situation, with what its effect read before the request: a success must change it,
			// a refusal must leave it as it was.
			const seen: { requests: DoorRequests; before: unknown }[] = [];
			const arrange = async () => {
				const requests = await c.arrange();
				seen.push({ requests, before: await requests.effect() });
				return requests;
			};
			await throughBothDoors(server, { ...c, arrange });
			for (const { requests, before } of seen) {
				const after = await requests.effect();
				if (c.expect === 'ok') expect(after, c.name).not.toEqual(before);
				else expect(after, c.name).toEqual(before);
			}
		});
});
