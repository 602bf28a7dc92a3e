import { error } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import * as votes from '$lib/server/votes';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params, locals }) => {
	const db = getDb();
	const { vote, workspace } = await votes.loadVoteFor(db, { user: locals.user, token: null }, params.vote);
	if (workspace.slug !== params.workspace && workspace.id !== params.workspace)
		error(404, { message: 'Not found', code: 'not_found' });
	if (vote.status !== 'closed' || !vote.result)
		error(409, { message: 'The result is published when the vote closes.', code: 'conflict' });
	const ballots = await votes.listBallots(db, vote.id);
	const names = new Map((vote.electorate ?? []).map((e) => [e.organisationId, e.name]));
	return {
		vote: {
			id: vote.id,
			question: vote.question,
			closedAt: vote.closedAt!,
			closedReason: vote.closedReason,
			rule: vote.rule
		},
		result: vote.result,
		statements: ballots
			.filter((b) => b.statement)
			.map((b) => ({
				organisation: names.get(b.organisationId) ?? '',
				choice: b.choice,
				statement: b.statement
			}))
	};
};
