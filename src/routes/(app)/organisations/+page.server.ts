import { redirect } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import { createOrganisation, listOrganisations, organisationInput } from '$lib/server/organisations';
import { text, validateForm } from '$lib/server/forms';
import type { Actions, PageServerLoad } from './$types';

const actor = (locals: App.Locals) => ({ user: locals.user, token: null });

export const load: PageServerLoad = async ({ locals }) => {
	if (!locals.user) redirect(303, '/login');
	return { organisations: await listOrganisations(getDb(), actor(locals)) };
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
		const org = await createOrganisation(getDb(), actor(locals), v.data);
		redirect(303, `/organisations/${org.id}`);
	}
};
