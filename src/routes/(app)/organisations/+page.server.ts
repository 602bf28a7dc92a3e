import { redirect } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import {
	createOrganisation,
	listOrganisations,
	organisationInput,
	organisationsOfUser
} from '$lib/server/organisations';
import { text, validateForm } from '$lib/server/forms';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals }) => {
	if (!locals.user) redirect(303, '/login');
	const db = getDb();
	const mine = new Set(organisationsOfUser(db, locals.user.id).map((o) => o.id));
	return {
		organisations: listOrganisations(db).map((o) => ({ ...o, mine: mine.has(o.id) }))
	};
};

export const actions: Actions = {
	create: async ({ request, locals }) => {
		if (!locals.user) redirect(303, '/login');
		const data = await request.formData();
		const v = validateForm(
			organisationInput,
			{ name: text(data, 'name'), sector: text(data, 'sector'), sizeBand: text(data, 'sizeBand') },
			data
		);
		if (!v.ok) return v.failure;
		const org = createOrganisation(getDb(), v.data, locals.user.id);
		redirect(303, `/organisations/${org.id}`);
	}
};
