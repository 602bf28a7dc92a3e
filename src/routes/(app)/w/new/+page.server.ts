import { redirect } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import { createWorkspace, workspaceInput } from '$lib/server/workspaces';
import { text, validateForm } from '$lib/server/forms';
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
		const ws = await createWorkspace(getDb(), v.data, locals.user.id);
		redirect(303, `/w/${ws.slug}/partners`);
	}
};
