// The workspace commands through both doors: each case asks the form action (as a browser without JavaScript
// posts it) and the API for the same thing, and both must give the same outcome and effect.
import { describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { useServer } from '../fixtures/suite.ts';
import type { TestServer } from '../fixtures/server.ts';
import { throughBothDoors, type DoorCase } from '../fixtures/doors.ts';
import { createOrganisation, createPartnership, createUser } from '../fixtures/factory.ts';
import { apiClient } from '../fixtures/http.ts';
import type { DB } from '../../src/lib/server/db/index.ts';
import {
	invitations,
	organisations,
	users,
	workspaceMembers,
	workspacePartners,
	workspaces
} from '../../src/lib/server/db/schema/index.ts';

let server: TestServer;
let db: DB;
useServer({}, (s) => ({ server, db } = s));

type Partnership = Awaited<ReturnType<typeof createPartnership>>;

/** Whether the workspace took the new name. */
const renamed = (workspaceId: string) => async () =>
	(await db.select({ name: workspaces.name }).from(workspaces).where(eq(workspaces.id, workspaceId)))[0]
		?.name === 'Renamed partnership';

const membersOf = (workspaceId: string) => async () =>
	(
		await db
			.select({
				name: users.name,
				role: workspaceMembers.role,
				delegate: workspaceMembers.votingDelegate
			})
			.from(workspaceMembers)
			.innerJoin(users, eq(users.id, workspaceMembers.userId))
			.where(eq(workspaceMembers.workspaceId, workspaceId))
	).sort((a, b) => a.name.localeCompare(b.name));

const partnersOf = (workspaceId: string) => async () =>
	(
		await db
			.select({
				name: organisations.name,
				sizeBand: workspacePartners.sizeBand,
				grassroots: workspacePartners.grassroots
			})
			.from(workspacePartners)
			.innerJoin(organisations, eq(organisations.id, workspacePartners.organisationId))
			.where(eq(workspacePartners.workspaceId, workspaceId))
	).sort((a, b) => a.name.localeCompare(b.name));

const invitationsOf = (workspaceId: string) => async () =>
	(
		await db
			.select({ email: invitations.email, role: invitations.role, revokedAt: invitations.revokedAt })
			.from(invitations)
			.where(eq(invitations.workspaceId, workspaceId))
	).map((i) => ({ email: i.email, role: i.role, withdrawn: i.revokedAt !== null }));

/** A verified organisation in the directory, not yet a partner anywhere. */
async function directoryOrganisation(verified = true) {
	const org = await createOrganisation(db, { name: 'Newcomers Trust' });
	await db.update(organisations).set({ verified }).where(eq(organisations.id, org.id));
	return org;
}

async function withInvitation(p: Partnership, withdrawn = false) {
	const client = apiClient(server, { cookie: p.facilitator.cookie });
	const res = await client.post(`/api/v1/workspaces/${p.workspace.id}/invitations`, {
		email: 'newcomer@example.org',
		role: 'commenter',
		organisationId: p.orgs[0].org.id
	});
	expect(res.status, res.text).toBe(201);
	const id = res.json.invitation.id as string;
	if (withdrawn) expect((await client.delete(`/api/v1/invitations/${id}`)).status).toBe(204);
	return id;
}

const settings = (who: 'facilitator' | 'editor' | 'stranger'): DoorCase['arrange'] => {
	return async () => {
		const p = await createPartnership(db);
		const cookie =
			who === 'facilitator'
				? p.facilitator.cookie
				: who === 'editor'
					? p.orgs[0].delegate.cookie
					: (await createUser(db)).cookie;
		const fields = {
			name: 'Renamed partnership',
			description: 'Health and care',
			visibility: 'private',
			timeZone: 'Europe/London'
		};
		return {
			cookie,
			form: { path: `/w/${p.workspace.slug}/settings`, fields },
			api: { method: 'PATCH', path: `/api/v1/workspaces/${p.workspace.id}`, body: fields },
			effect: renamed(p.workspace.id)
		};
	};
};

const updateMember =
	(
		who: (p: Partnership) => { cookie: string; target: string },
		change: { role: string; delegate: boolean; organisation: boolean }
	): DoorCase['arrange'] =>
	async () => {
		const p = await createPartnership(db);
		const { cookie, target } = who(p);
		const organisationId = change.organisation ? p.orgs[1].org.id : null;
		return {
			cookie,
			form: {
				path: `/w/${p.workspace.slug}/members?/update`,
				fields: {
					userId: target,
					role: change.role,
					organisationId: organisationId ?? '',
					standing: 'participant',
					...(change.delegate ? { votingDelegate: 'on' } : {})
				}
			},
			api: {
				method: 'PATCH',
				path: `/api/v1/workspaces/${p.workspace.id}/members/${target}`,
				body: { role: change.role, organisationId, standing: 'participant', votingDelegate: change.delegate }
			},
			effect: membersOf(p.workspace.id)
		};
	};

const removeMember =
	(who: (p: Partnership) => { cookie: string; target: string }): DoorCase['arrange'] =>
	async () => {
		const p = await createPartnership(db);
		const { cookie, target } = who(p);
		return {
			cookie,
			form: { path: `/w/${p.workspace.slug}/members?/remove`, fields: { userId: target } },
			api: { method: 'DELETE', path: `/api/v1/workspaces/${p.workspace.id}/members/${target}` },
			effect: membersOf(p.workspace.id)
		};
	};

const addPartner =
	(pick: (p: Partnership) => Promise<string> | string): DoorCase['arrange'] =>
	async () => {
		const p = await createPartnership(db);
		const organisationId = await pick(p);
		return {
			cookie: p.facilitator.cookie,
			form: {
				path: `/w/${p.workspace.slug}/partners?/add`,
				fields: { organisationId, grassroots: 'on' }
			},
			api: {
				method: 'POST',
				path: `/api/v1/workspaces/${p.workspace.id}/partners`,
				body: { organisationId, grassroots: true }
			},
			effect: partnersOf(p.workspace.id)
		};
	};

const recordPartner =
	(which: 'vcse' | 'statutory', change: { sizeBand?: string; grassroots: boolean }): DoorCase['arrange'] =>
	async () => {
		const p = await createPartnership(db);
		const organisationId = p.orgs.find((o) => o.org.sector === which)!.org.id;
		return {
			cookie: p.facilitator.cookie,
			form: {
				path: `/w/${p.workspace.slug}/partners?/record`,
				fields: {
					organisationId,
					...(change.sizeBand ? { sizeBand: change.sizeBand } : {}),
					...(change.grassroots ? { grassroots: 'on' } : {})
				}
			},
			api: {
				method: 'PATCH',
				path: `/api/v1/workspaces/${p.workspace.id}/partners/${organisationId}`,
				body: {
					...(change.sizeBand ? { sizeBand: change.sizeBand } : {}),
					grassroots: change.grassroots,
					byAndFor: false
				}
			},
			effect: partnersOf(p.workspace.id)
		};
	};

const removePartner =
	(who: 'facilitator' | 'editor'): DoorCase['arrange'] =>
	async () => {
		const p = await createPartnership(db);
		const organisationId = p.orgs[1].org.id;
		return {
			cookie: who === 'facilitator' ? p.facilitator.cookie : p.orgs[0].delegate.cookie,
			form: { path: `/w/${p.workspace.slug}/partners?/remove`, fields: { organisationId } },
			api: {
				method: 'DELETE',
				path: `/api/v1/workspaces/${p.workspace.id}/partners/${organisationId}`
			},
			effect: partnersOf(p.workspace.id)
		};
	};

const invite =
	(email: (p: Partnership) => string): DoorCase['arrange'] =>
	async () => {
		const p = await createPartnership(db);
		const fields = {
			email: email(p),
			role: 'editor',
			organisationId: p.orgs[0].org.id,
			standing: 'participant'
		};
		return {
			cookie: p.facilitator.cookie,
			form: {
				path: `/w/${p.workspace.slug}/members?/invite`,
				fields: { ...fields, expiresInDays: '14' }
			},
			api: {
				method: 'POST',
				path: `/api/v1/workspaces/${p.workspace.id}/invitations`,
				body: { ...fields, expiresInDays: 14 }
			},
			effect: async () => (await invitationsOf(p.workspace.id)()).map((i) => i.role)
		};
	};

const revoke =
	(withdrawn: boolean, who: 'facilitator' | 'editor' = 'facilitator'): DoorCase['arrange'] =>
	async () => {
		const p = await createPartnership(db);
		const id = await withInvitation(p, withdrawn);
		return {
			cookie: who === 'facilitator' ? p.facilitator.cookie : p.orgs[0].delegate.cookie,
			form: { path: `/w/${p.workspace.slug}/members?/revoke`, fields: { id } },
			api: { method: 'DELETE', path: `/api/v1/invitations/${id}` },
			effect: invitationsOf(p.workspace.id)
		};
	};

const cases: DoorCase[] = [
	{ name: 'settings: a facilitator renames', arrange: settings('facilitator'), expect: 'ok' },
	{
		name: 'settings: an editor may not',
		arrange: settings('editor'),
		expect: { status: 403, message: /needs the facilitator role/ }
	},
	{
		name: 'settings: a stranger does not see a private workspace',
		arrange: settings('stranger'),
		expect: { status: 404, message: /Not found/ }
	},
	{
		name: 'member: a facilitator changes a role and organisation',
		arrange: updateMember((p) => ({ cookie: p.facilitator.cookie, target: p.orgs[0].delegate.id }), {
			role: 'commenter',
			delegate: false,
			organisation: true
		}),
		expect: 'ok'
	},
	{
		name: 'member: an observer cannot be a voting delegate',
		arrange: updateMember((p) => ({ cookie: p.facilitator.cookie, target: p.orgs[0].delegate.id }), {
			role: 'observer',
			delegate: true,
			organisation: true
		}),
		expect: { status: 422, message: /Observers cannot be voting delegates/ }
	},
	{
		name: 'member: the last facilitator stays',
		arrange: updateMember((p) => ({ cookie: p.facilitator.cookie, target: p.facilitator.id }), {
			role: 'editor',
			delegate: false,
			organisation: false
		}),
		expect: { status: 422, message: /at least one facilitator/ }
	},
	{
		name: 'member: an editor may not change roles',
		arrange: updateMember((p) => ({ cookie: p.orgs[0].delegate.cookie, target: p.orgs[1].delegate.id }), {
			role: 'observer',
			delegate: false,
			organisation: false
		}),
		expect: { status: 403, message: /needs the facilitator role/ }
	},
	{
		name: 'member: a facilitator removes one',
		arrange: removeMember((p) => ({ cookie: p.facilitator.cookie, target: p.orgs[1].delegate.id })),
		expect: 'ok'
	},
	{
		name: 'member: removing someone who is not a member',
		arrange: removeMember((p) => ({ cookie: p.facilitator.cookie, target: p.workspace.id })),
		expect: { status: 404, message: /not a member here/ }
	},
	{
		name: 'partner: a facilitator adds a verified organisation',
		arrange: await addPartner(async () => (await directoryOrganisation()).id),
		expect: 'ok'
	},
	{
		name: 'partner: an unverified organisation from elsewhere',
		arrange: await addPartner(async () => (await directoryOrganisation(false)).id),
		expect: { status: 422, message: /not in the directory/ }
	},
	{
		name: 'partner: one already a partner',
		arrange: await addPartner((p) => p.orgs[0].org.id),
		expect: { status: 409, message: /VCSE org 1 is already a partner/ }
	},
	{
		name: 'partner record: a facilitator sets the size band',
		arrange: recordPartner('vcse', { sizeBand: 'large', grassroots: false }),
		expect: 'ok'
	},
	{
		name: 'partner record: equity flags on a statutory partner',
		arrange: recordPartner('statutory', { grassroots: true }),
		expect: { status: 422, message: /Equity flags apply to VCSE partners only/ }
	},
	{ name: 'partner: a facilitator removes one', arrange: removePartner('facilitator'), expect: 'ok' },
	{
		name: 'partner: an editor may not remove one',
		arrange: removePartner('editor'),
		expect: { status: 403, message: /needs the facilitator role/ }
	},
	{ name: 'invitation: a facilitator invites', arrange: invite(() => 'newcomer@example.org'), expect: 'ok' },
	{
		name: 'invitation: someone already a member',
		arrange: invite((p) => p.orgs[1].delegate.email),
		expect: { status: 409, message: /already a member/ }
	},
	{ name: 'invitation: a facilitator withdraws one', arrange: revoke(false), expect: 'ok' },
	{
		name: 'invitation: withdrawing one already withdrawn',
		arrange: revoke(true),
		expect: { status: 409, message: /withdrawn already/ }
	},
	{
		name: 'invitation: an editor may not withdraw one',
		arrange: revoke(false, 'editor'),
		expect: { status: 403, message: /needs the facilitator role/ }
	}
];

describe('workspace commands through both doors', () => {
	it.each(cases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
		await throughBothDoors(server, c);
	});

	it('a read-only token changes nothing, and a token for other workspaces does not reach this one', async () => {
		const p = await createPartnership(db);
		const { createToken } = await import('../fixtures/factory.ts');
		const read = await createToken(db, p.facilitator.id, { scope: 'read' });
		const elsewhere = await createToken(db, p.facilitator.id, { workspaceIds: ['elsewhere'] });
		const path = `/api/v1/workspaces/${p.workspace.id}/partners/${p.orgs[1].org.id}`;
		const refused = await apiClient(server, { token: read }).delete(path);
		expect(refused.status).toBe(403);
		expect(refused.json.error.message).toMatch(/read-only/);
		expect((await apiClient(server, { token: elsewhere }).delete(path)).status).toBe(404);
		expect(
			await db
				.select()
				.from(workspacePartners)
				.where(
					and(
						eq(workspacePartners.workspaceId, p.workspace.id),
						eq(workspacePartners.organisationId, p.orgs[1].org.id)
					)
				)
		).toHaveLength(1);
	});
});
