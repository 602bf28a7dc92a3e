import { error, redirect } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import {
	addOrganisationMember,
	findAddableUser,
	getOrganisation,
	isOrganisationMember,
	organisationMembersOf,
	organisationPatch,
	removeOrganisationMember,
	updateOrganisation
} from '$lib/server/organisations';
import { formFailure, text, validateForm } from '$lib/server/forms';
import type { Actions, PageServerLoad } from './$types';

function canManage(orgId: string, user: App.Locals['user']): boolean {
	return !!user && (user.isAdmin || isOrganisationMember(getDb(), orgId, user.id));
}

export const load: PageServerLoad = ({ params, locals }) => {
	if (!locals.user) redirect(303, '/login');
	const org = getOrganisation(getDb(), params.id);
	if (!org) error(404, { message: 'Not found' });
	const manage = canManage(org.id, locals.user);
	return { organisation: org, members: manage ? organisationMembersOf(getDb(), org.id) : [], manage };
};

export const actions: Actions = {
	update: async ({ params, request, locals }) => {
		if (!canManage(params.id, locals.user))
			error(403, { message: 'Only the organisation’s members can change it.' });
		const data = await request.formData();
		const v = validateForm(
			organisationPatch,
			{ name: text(data, 'name'), sector: text(data, 'sector'), sizeBand: text(data, 'sizeBand') },
			data
		);
		if (!v.ok) return v.failure;
		updateOrganisation(getDb(), params.id, v.data);
		return { success: 'Saved.' };
	},
	addMember: async ({ params, request, locals }) => {
		if (!canManage(params.id, locals.user))
			error(403, { message: 'Only the organisation’s members can change it.' });
		const data = await request.formData();
		const user = findAddableUser(getDb(), locals.user!, { email: text(data, 'email') });
		if (!user)
			return formFailure(
				404,
				'No account you can add with that address: add people you work with in a workspace, or invite them to a workspace first.',
				data,
				{
					email: 'No account you can add with that address.'
				}
			);
		addOrganisationMember(getDb(), params.id, user.id);
		return { success: `${user.name} is now a member.` };
	},
	removeMember: async ({ params, request, locals }) => {
		if (!canManage(params.id, locals.user))
			error(403, { message: 'Only the organisation’s members can change it.' });
		const data = await request.formData();
		removeOrganisationMember(getDb(), params.id, text(data, 'userId'));
		return { success: 'Removed.' };
	}
};
