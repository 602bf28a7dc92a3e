import { redirect } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import { actorOf } from '$lib/server/api';
import { formCommand } from '$lib/server/forms';
import { page } from '$lib/server/http/errors';
import { listPartners } from '$lib/server/workspaces/partners';
import { updateVote } from '$lib/server/votes/commands';
import { readVoteForm } from '$lib/server/votes/form';
import { editVoteForm, voteFor } from '$lib/server/votes/queries';
import type { Actions, PageServerLoadEvent } from './$types';

export const load = page(async ({ params, locals }: PageServerLoadEvent) => {
	const { workspace, voteId, documents, values } = await editVoteForm(
		actorOf(locals),
		params.workspace,
		params.vote
	);
	return { voteId, partners: await listPartners(getDb(), workspace.id), documents, values };
});

export const actions: Actions = {
	default: async ({ params, locals, request }) => {
		const actor = actorOf(locals);
		const data = await request.formData();
		const r = await formCommand(data, async () => {
			const { vote, workspace } = await voteFor(actor, params.vote, params.workspace);
			await updateVote(actor, vote.id, readVoteForm(data), { localTimes: true });
			return `/w/${workspace.slug}/votes/${vote.id}`;
		});
		if (!r.ok) return r.failure;
		redirect(303, r.value);
	}
};
