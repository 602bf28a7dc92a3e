import { getDb } from '$lib/server/db';
import { page } from '$lib/server/http/errors';
import { actorOf } from '$lib/server/api';
import { requireRole } from '$lib/server/workspaces/access';
import * as commands from '$lib/server/workspaces/commands';
import { workspacePatch } from '$lib/server/workspaces/schemas';
import { checkbox, formCommand, texts, validateForm } from '$lib/server/forms';
import type { Actions, PageServerLoadEvent } from './$types';

export const load = page(async ({ params, locals }: PageServerLoadEvent) => {
	const { workspace } = await requireRole(getDb(), actorOf(locals), params.workspace, 'facilitator');
	return { zones: Intl.supportedValuesOf('timeZone'), requireTwoFactor: workspace.requireTwoFactor };
});

export const actions: Actions = {
	default: async ({ params, locals, request }) => {
		const data = await request.formData();
		const v = validateForm(
			workspacePatch,
			{
				...texts(data, 'name', 'description', 'visibility', 'timeZone'),
				requireTwoFactor: checkbox(data, 'requireTwoFactor')
			},
			data
		);
		if (!v.ok) return v.failure;
		const r = await formCommand(data, () =>
			commands.changeSettings(actorOf(locals), params.workspace, v.data)
		);
		return r.ok ? { success: 'Workspace settings saved.' } : r.failure;
	}
};
