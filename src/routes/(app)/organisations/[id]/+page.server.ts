import { redirect } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import { actorOf } from '$lib/server/api';
import { page } from '$lib/server/http/errors';
import { loadOrganisation } from '$lib/server/organisations/access';
import {
	addOrganisationMember,
	NOT_ADDABLE,
	removeOrganisationMember,
	updateOrganisation
} from '$lib/server/organisations/commands';
import { listOrganisationMembers } from '$lib/server/organisations/queries';
import { getOrganisation } from '$lib/server/organisations/repository';
import { organisationPatch } from '$lib/server/organisations/schemas';
import { formCommand, formFailure, text } from '$lib/server/forms';
import { readOrganisationForm } from '$lib/server/organisations/forms';
import type { Actions, PageServerLoadEvent } from './$types';

export const load = page(async ({ params, locals, url }: PageServerLoadEvent) => {
	if (!locals.user) redirect(303, `/login?next=${encodeURIComponent(url.pathname)}`);
	const db = getDb();
	const { organisation, rights } = await loadOrganisation(db, actorOf(locals), params.id);
	const merged = organisation.mergedIntoId ? await getOrganisation(db, organisation.mergedIntoId) : undefined;
	return {
		organisation,
		mergedInto: merged ? { id: merged.id, name: merged.name } : null,
		members: rights.manageMembers ? await listOrganisationMembers(db, actorOf(locals), organisation.id) : [],
		manage: rights.manageMembers && !organisation.mergedIntoId
	};
});

export const actions: Actions = {
	update: async ({ params, request, locals }) => {
		const data = await request.formData();
		const v = readOrganisationForm(organisationPatch, data);
		if (!v.ok) return v.failure;
		const r = await formCommand(
			data,
			async () => await updateOrganisation(getDb(), actorOf(locals), params.id, v.data)
		);
		return r.ok ? { success: 'Saved.' } : r.failure;
	},
	addMember: async ({ params, request, locals }) => {
		const data = await request.formData();
		try {
			const user = await addOrganisationMember(getDb(), actorOf(locals), params.id, {
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
		const r = await formCommand(data, () =>
			removeOrganisationMember(getDb(), actorOf(locals), params.id, text(data, 'userId'))
		);
		return r.ok ? { success: 'Removed.' } : r.failure;
	}
};
