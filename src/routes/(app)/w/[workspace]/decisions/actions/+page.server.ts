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
	const filters = {
		owner: url.searchParams.get('owner') ?? '',
		status: url.searchParams.get('status') ?? ''
	};
	const all = await decisions.listActions(db, workspace.id, workspace.timeZone);
	const owners = [
		...new Map(all.map((a): [string, string] => [a.ownerOrganisationId, a.ownerName])).entries()
	]
		.map(([id, name]) => ({ id, name }))
		.sort((a, b) => a.name.localeCompare(b.name));
	return {
		filters,
		owners,
		actions: await Promise.all(
			(
				await decisions.listActions(db, workspace.id, workspace.timeZone, {
					owner: filters.owner || undefined,
					status: filters.status || undefined
				})
			).map(async (a) => ({
				id: a.id,
				ownerName: a.ownerName,
				description: a.description,
				dueDate: a.dueDate,
				status: a.status,
				overdue: a.overdue,
				decisionId: a.decisionId,
				decisionTitle: a.decisionTitle,
				notes: (await decisions.listNotes(db, a.id)).filter((n) => n.note),
				canUpdate: may(actor, 'action.update', member, a)
			}))
		)
	};
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
