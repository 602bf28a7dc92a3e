import { getDb } from '$lib/server/db';
import { actorOf } from '$lib/server/api';
import { loadWorkspace } from '$lib/server/access';
import { formCommand, text, validateForm } from '$lib/server/forms';
import { page } from '$lib/server/http/errors';
import { may } from '$lib/server/policy';
import { readActionUpdate } from '$lib/server/decisions/forms';
import { actionUpdate } from '$lib/server/decisions/schemas';
import { updateAction } from '$lib/server/decisions/commands';
import * as decisions from '$lib/server/decisions/queries';
import type { Actions, PageServerLoad, PageServerLoadEvent } from './$types';

export const load: PageServerLoad = page(async ({ params, locals, url }: PageServerLoadEvent) => {
	const db = getDb();
	const actor = actorOf(locals);
	const { workspace, member } = await loadWorkspace(db, actor, params.workspace);
	return decisions.actionsPage(db, workspace, url.searchParams, (a) => ({
		canUpdate: may(actor, 'action.update', member, a)
	}));
});

export const actions: Actions = {
	update: async ({ params, locals, request }) => {
		const data = await request.formData();
		const checked = validateForm(actionUpdate, readActionUpdate(data), data);
		if (!checked.ok) return checked.failure;
		const r = await formCommand(data, () =>
			updateAction(actorOf(locals), text(data, 'actionId'), checked.data, params.workspace)
		);
		if (!r.ok) return r.failure;
		return { success: 'The update has been recorded in the register.' };
	}
};
