import { redirect } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import { actorOf } from '$lib/server/api';
import { page } from '$lib/server/http/errors';
import { createOrganisation } from '$lib/server/organisations/commands';
import { listOrganisations } from '$lib/server/organisations/queries';
import { organisationInput } from '$lib/server/organisations/schemas';
import { formCommand } from '$lib/server/forms';
import { readOrganisationForm } from '$lib/server/organisations/forms';
import type { Actions, PageServerLoadEvent } from './$types';

export const load = page(async ({ locals }: PageServerLoadEvent) => {
	if (!locals.user) redirect(303, '/login');
	return { organisations: await listOrganisations(getDb(), actorOf(locals)) };
});

export const actions: Actions = {
	create: async ({ request, locals }) => {
		if (!locals.user) redirect(303, '/login');
		const data = await request.formData();
		const v = readOrganisationForm(organisationInput, data);
		if (!v.ok) return v.failure;
		const r = await formCommand(data, () => createOrganisation(getDb(), actorOf(locals), v.data));
		if (!r.ok) return r.failure;
		redirect(303, `/organisations/${r.value.id}`);
	}
};
