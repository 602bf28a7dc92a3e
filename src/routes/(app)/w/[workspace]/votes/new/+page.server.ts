import { redirect } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import { actorOf } from '$lib/server/api';
import { formCommand } from '$lib/server/forms';
import { page } from '$lib/server/http/errors';
import { listPartners } from '$lib/server/workspaces/partners';
import { createVote } from '$lib/server/votes/commands';
import { readVoteForm } from '$lib/server/votes/form';
import { newVoteForm } from '$lib/server/votes/queries';
import type { Actions, PageServerLoadEvent } from './$types';

export const load = page(async ({ params, locals }: PageServerLoadEvent) => {
	const { workspace, documents, defaults } = await newVoteForm(actorOf(locals), params.workspace);
	return { partners: await listPartners(getDb(), workspace.id), documents, defaults };
});

export const actions: Actions = {
	default: async ({ params, locals, request }) => {
		const data = await request.formData();
		const r = await formCommand(
			data,
			async () =>
				await createVote(actorOf(locals), params.workspace, readVoteForm(data), { localTimes: true })
		);
		if (!r.ok) return r.failure;
		redirect(303, `/w/${r.value.workspaceSlug}/votes/${r.value.vote.id}`);
	}
};
