import { redirect } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import {
	addOrganisationMember,
	getOrganisation,
	listOrganisationMembers,
	loadOrganisation,
	NOT_ADDABLE,
	organisationPatch,
	removeOrganisationMember,
	updateOrganisation
} from '$lib/server/organisations';
import { formCommand, formFailure, text, validateForm } from '$lib/server/forms';
import type { Actions, PageServerLoad } from './$types';

const actor = (locals: App.Locals) => ({ user: locals.user, token: null });

export const load: PageServerLoad = async ({ params, locals, url }) => {
	if (!locals.user) redirect(303, `/login?next=${encodeURIComponent(url.pathname)}`);
	const db = getDb();
	const { organisation, rights } = await loadOrganisation(db, actor(locals), params.id);
	const merged = organisation.mergedIntoId ? await getOrganisation(db, organisation.mergedIntoId) : undefined;
	return {
		organisation,
		mergedInto: merged ? { id: merged.id, name: merged.name } : null,
		members: rights.manageMembers ? await listOrganisationMembers(db, actor(locals), organisation.id) : [],
		manage: rights.manageMembers && !organisation.mergedIntoId
	};
};

export const actions: Actions = {
	update: async ({ params, request, locals }) => {
		const data = await request.formData();
		const v = validateForm(
			organisationPatch,
			{ name: text(data, 'name'), sector: text(data, 'sector'), sizeBand: text(data, 'sizeBand') },
			data
		);
		if (!v.ok) return v.failure;
		const r = await formCommand(
			data,
			async () => await updateOrganisation(getDb(), actor(locals), params.id, v.data)
		);
		return r.ok ? { success: 'Saved.' } : r.failure;
	},
	addMember: async ({ params, request, locals }) => {
		const data = await request.formData();
		try {
			const user = await addOrganisationMember(getDb(), actor(locals), params.id, {
				email: text(data, 'email')
			});
			return { success: `${user.name} is now a member.` };
		} catch (e) {
			if ((e as { body?: { message?: string } }).body?.message === NOT_ADDABLE)
				return formFailure(404, NOT_ADDABLE, data, { email: 'No account you can add with that address.' });
			const r = await formCommand(data, () => {
				throw e;
			});
			return r.ok ? undefined : r.failure;
		}
	},
	removeMember: async ({ params, request, locals }) => {
		const data = await request.formData();
		await removeOrganisationMember(getDb(), actor(locals), params.id, text(data, 'userId'));
		return { success: 'Removed.' };
	}
};
