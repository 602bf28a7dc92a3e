import { error, json } from '@sveltejs/kit';
import { z } from 'zod';
import { getDb } from '$lib/server/db';
import { actorOf, api, readJson } from '$lib/server/api';
import { requireUser, requireWriteScope } from '$lib/server/access';
import * as orgs from '$lib/server/organisations';
import { emailSchema } from '$lib/server/users';
import type { RequestEvent } from './$types';

const memberInput = z
	.object({ email: emailSchema.optional(), userId: z.string().min(1).optional() })
	.strict()
	.refine((m) => (m.email === undefined) !== (m.userId === undefined), {
		message: 'Give either email or userId of the person to add.'
	});

/** The organisation's member list is for its members and administrators. */
function manage(locals: App.Locals, id: string) {
	const user = requireUser(actorOf(locals));
	const db = getDb();
	const org = orgs.getOrganisation(db, id);
	if (!org) error(404, { message: 'No such organisation.', code: 'not_found' });
	if (!orgs.canManageOrganisation(db, org.id, user))
		error(403, {
			message: 'Only the organisation’s members can see or change its members.',
			code: 'forbidden'
		});
	return org;
}

export const GET = api<RequestEvent>(({ locals, params }) => {
	const org = manage(locals, params.id);
	return json({ members: orgs.organisationMembersOf(getDb(), org.id) });
});

/** Adds someone who has an account (by email address or user id). */
export const POST = api<RequestEvent>(async ({ locals, params, request }) => {
	const org = manage(locals, params.id);
	requireWriteScope(actorOf(locals));
	const body = await readJson(request, memberInput);
	const db = getDb();
	const user = orgs.findAddableUser(db, locals.user!, body);
	if (!user)
		error(404, {
			message:
				'No account you can add: add people you work with in a workspace, or invite them to a workspace first.',
			code: 'not_found'
		});
	if (orgs.isOrganisationMember(db, org.id, user.id))
		error(409, { message: `${user.name} is already a member.`, code: 'conflict' });
	orgs.addOrganisationMember(db, org.id, user.id);
	return json({ id: user.id, name: user.name, email: user.email }, { status: 201 });
});
