import { error, redirect } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import { formCommand } from '$lib/server/forms';
import { listPartners } from '$lib/server/workspaces/partners';
import { documentChoices, parseVoteEdit } from '$lib/server/vote-forms';
import * as votes from '$lib/server/votes';
import { utcToZonedInput } from '$lib/domain/time';
import type { Actions, PageServerLoad } from './$types';

const actor = (locals: App.Locals) => ({ user: locals.user, token: null });

async function editable(locals: App.Locals, workspaceParam: string, voteId: string) {
	const access = await votes.loadVoteFor(getDb(), actor(locals), voteId);
	if (access.workspace.slug !== workspaceParam && access.workspace.id !== workspaceParam)
		error(404, { message: 'Not found', code: 'not_found' });
	if (access.member.role !== 'facilitator')
		error(403, { message: 'Only facilitators can edit a vote.', code: 'forbidden' });
	return access;
}

export const load: PageServerLoad = async ({ params, locals }) => {
	const db = getDb();
	const { vote, workspace } = await editable(locals, params.workspace, params.vote);
	if (vote.status !== 'draft')
		error(409, {
			message: 'This vote has opened: its question, times, electorate and rule can no longer change.',
			code: 'conflict'
		});
	const zone = workspace.timeZone;
	return {
		voteId: vote.id,
		partners: await listPartners(db, workspace.id),
		documents: await documentChoices(db, workspace.id),
		values: {
			question: vote.question,
			explanation: vote.explanation,
			documentId: vote.documentId ?? '',
			opensAt: utcToZonedInput(vote.opensAt, zone),
			closesAt: utcToZonedInput(vote.closesAt, zone),
			uplift: vote.rule.uplift,
			shareVcse: vote.rule.shares.vcse,
			shareStatutory: vote.rule.shares.statutory,
			quorum: vote.rule.quorum,
			threshold: vote.rule.threshold,
			dualMajority: vote.rule.dualMajority ? 'on' : '',
			showRunningTotals: vote.showRunningTotals ? 'on' : '',
			electorateMode: vote.electorateChoice ? 'chosen' : 'all',
			electorate: vote.electorateChoice ?? []
		}
	};
};

export const actions: Actions = {
	default: async ({ params, locals, request }) => {
		const { vote, workspace } = await editable(locals, params.workspace, params.vote);
		const data = await request.formData();
		const r = await formCommand(data, async () => {
			const patch = parseVoteEdit(data, workspace.timeZone);
			// An unchanged opening time is not re-checked against the clock.
			if (patch.opensAt !== undefined && Math.abs(patch.opensAt - vote.opensAt) < 60_000)
				delete patch.opensAt;
			return await votes.updateVote(getDb(), vote.id, patch);
		});
		if (!r.ok) return r.failure;
		redirect(303, `/w/${workspace.slug}/votes/${vote.id}`);
	}
};
