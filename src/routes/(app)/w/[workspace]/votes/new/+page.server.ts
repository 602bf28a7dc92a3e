import { redirect } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import { requireRole } from '$lib/server/access';
import { formCommand } from '$lib/server/forms';
import { listPartners } from '$lib/server/workspaces/partners';
import { documentChoices, parseNewVote } from '$lib/server/vote-forms';
import * as votes from '$lib/server/votes';
import { utcToZonedInput } from '$lib/domain/time';
import type { Actions, PageServerLoad } from './$types';

const actor = (locals: App.Locals) => ({ user: locals.user, token: null });

export const load: PageServerLoad = async ({ params, locals }) => {
	const db = getDb();
	const { workspace } = await requireRole(db, actor(locals), params.workspace, 'facilitator');
	const hour = 3600_000;
	const start = Math.ceil((Date.now() + hour) / hour) * hour;
	return {
		partners: await listPartners(db, workspace.id),
		documents: await documentChoices(db, workspace.id),
		defaults: {
			opensAt: utcToZonedInput(start, workspace.timeZone),
			closesAt: utcToZonedInput(start + 7 * 24 * hour, workspace.timeZone)
		}
	};
};

export const actions: Actions = {
	default: async ({ params, locals, request }) => {
		const db = getDb();
		const { workspace, actor: who } = await requireRole(db, actor(locals), params.workspace, 'facilitator');
		const data = await request.formData();
		const r = await formCommand(
			data,
			async () =>
				await votes.createVote(db, workspace.id, parseNewVote(data, workspace.timeZone), who.user!.id)
		);
		if (!r.ok) return r.failure;
		redirect(303, `/w/${workspace.slug}/votes/${r.value.id}`);
	}
};
