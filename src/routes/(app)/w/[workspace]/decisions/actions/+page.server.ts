import { getDb } from '$lib/server/db';
import { loadWorkspace, requireMember } from '$lib/server/access';
import { formCommand, text, validateForm } from '$lib/server/forms';
import { readActionUpdate } from '$lib/server/decision-forms';
import * as actionsModule from '$lib/server/actions';
import type { Actions, PageServerLoad } from './$types';

const actor = (locals: App.Locals) => ({ user: locals.user, token: null });

export const load: PageServerLoad = async ({ params, locals, url }) => {
	const db = getDb();
	const { workspace, member } = await loadWorkspace(db, actor(locals), params.workspace);
	const filters = {
		owner: url.searchParams.get('owner') ?? '',
		status: url.searchParams.get('status') ?? ''
	};
	const all = await actionsModule.listActions(db, workspace.id, workspace.timeZone);
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
				await actionsModule.listActions(db, workspace.id, workspace.timeZone, {
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
				notes: (await actionsModule.listNotes(db, a.id)).filter((n) => n.note),
				canUpdate: actionsModule.mayUpdate(member, a)
			}))
		)
	};
};

export const actions: Actions = {
	update: async ({ params, locals, request }) => {
		const db = getDb();
		const { member, actor: who } = await requireMember(db, actor(locals), params.workspace);
		const data = await request.formData();
		const checked = validateForm(actionsModule.actionUpdate, readActionUpdate(data), data);
		if (!checked.ok) return checked.failure;
		const r = await formCommand(
			data,
			async () =>
				await actionsModule.updateAction(db, text(data, 'actionId'), member, checked.data, who.user!.id)
		);
		if (!r.ok) return r.failure;
		return { success: 'The update has been recorded in the register.' };
	}
};
