import { redirect } from '@sveltejs/kit';
import { actorOf } from '$lib/server/api';
import * as commands from '$lib/server/workspaces/commands';
import { workspaceInput } from '$lib/server/workspaces/schemas';
import { formCommand, text, validateForm } from '$lib/server/forms';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = () => ({ zones: Intl.supportedValuesOf('timeZone') });

export const actions: Actions = {
	default: async ({ request, locals }) => {
		if (!locals.user) redirect(303, '/login');
		const data = await request.formData();
		const v = validateForm(
			workspaceInput,
			{
				name: text(data, 'name'),
				description: text(data, 'description'),
				visibility: text(data, 'visibility') || 'private',
				timeZone: text(data, 'timeZone') || 'Europe/London'
			},
			data
		);
		if (!v.ok) return v.failure;
		const r = await formCommand(data, () => commands.createWorkspace(actorOf(locals), v.data));
		if (!r.ok) return r.failure;
		redirect(303, `/w/${r.value.slug}/partners`);
	}
};
