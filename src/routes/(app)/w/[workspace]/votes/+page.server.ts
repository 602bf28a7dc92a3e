import { getDb } from '$lib/server/db';
import { requireMember } from '$lib/server/access';
import * as votes from '$lib/server/votes';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params, locals }) => {
	const db = getDb();
	const { workspace, member } = await requireMember(db, { user: locals.user, token: null }, params.workspace);
	for (const v of await votes.listVotes(db, workspace.id)) if (votes.isDue(v)) await votes.catchUp(db, v.id);
	return {
		facilitator: member.role === 'facilitator',
		votes: (await votes.listVotes(db, workspace.id)).map((v) => ({
			id: v.id,
			question: v.question,
			status: v.status,
			opensAt: v.opensAt,
			closesAt: v.closesAt,
			passes: v.result?.passes ?? null
		}))
	};
};
