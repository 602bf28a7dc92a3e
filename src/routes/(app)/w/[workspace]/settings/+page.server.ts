import { getDb } from '$lib/server/db';
import { requireRole } from '$lib/server/access';
import { updateWorkspace, workspacePatch } from '$lib/server/workspaces';
import { text, validateForm } from '$lib/server/forms';
import type { Actions, PageServerLoad } from './$types';

const actor = (locals: App.Locals) => ({ user: locals.user, token: null });

export const load: PageServerLoad = async ({ params, locals }) => {
	await requireRole(getDb(), actor(locals), params.workspace, 'facilitator');
	return { zones: Intl.supportedValuesOf('timeZone') };
};

export const actions: Actions = {
	default: async ({ params, locals, request }) => {
		const { workspace } = await requireRole(getDb(), actor(locals), params.workspace, 'facilitator');
		const data = await request.formData();
		const v = validateForm(
			workspacePatch,
			{
				name: text(data, 'name'),
				description: text(data, 'description'),
				visibility: text(data, 'visibility'),
				timeZone: text(data, 'timeZone')
			},
			data
		);
		if (!v.ok) return v.failure;
		await updateWorkspace(getDb(), workspace.id, v.data);
		return { success: 'Workspace settings saved.' };
	}
};
