import { getDb } from '$lib/server/db';
import { requireAdmin } from '$lib/server/access';
import { formCommand, formFailure, text } from '$lib/server/forms';
import * as register from '$lib/server/register';
import type { Actions, PageServerLoad } from './$types';

const actor = (locals: App.Locals) => ({ user: locals.user, token: null });

/** Administrators: remove one person's details from this workspace's register (a lawful request or their safety). */
export const load: PageServerLoad = async ({ params, locals }) => {
	requireAdmin(actor(locals));
	const db = getDb();
	const workspace = await register.findWorkspaceForAdmin(db, actor(locals), params.workspace);
	return { people: await register.listPeople(db, workspace.id) };
};

export const actions: Actions = {
	default: async ({ params, locals, request }) => {
		requireAdmin(actor(locals));
		const db = getDb();
		const workspace = await register.findWorkspaceForAdmin(db, actor(locals), params.workspace);
		const data = await request.formData();
		const reason = text(data, 'reason').trim();
		if (!reason)
			return formFailure(400, 'Give the reason for the removal.', data, {
				reason: 'The reason is required.'
			});
		const r = await formCommand(
			data,
			async () => await register.redactPerson(db, workspace.id, text(data, 'person'), reason)
		);
		if (!r.ok) return r.failure;
		return {
			success: `Removed ${r.value.removed} ${r.value.removed === 1 ? 'item' : 'items'} of personal details; the removal is register entry ${r.value.entry.seq}.`
		};
	}
};
