import { getDb } from '$lib/server/db';
import { loadWorkspace } from '$lib/server/access';
import * as decisions from '$lib/server/decisions';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params, locals }) => {
	const db = getDb();
	const { workspace, member } = await loadWorkspace(db, { user: locals.user, token: null }, params.workspace);
	return {
		canPublish: member?.role === 'facilitator',
		isAdmin: !!locals.user?.isAdmin,
		decisions: (await decisions.listDecisions(db, workspace.id)).map((d) => ({
			id: d.id,
			title: d.title,
			outcome: d.outcome,
			method: d.method,
			decidedAt: d.decidedAt,
			supersededById: d.supersededById,
			dissentUntil: d.dissentUntil
		})),
		publishable: member?.role === 'facilitator' ? await decisions.publishableVotes(db, workspace.id) : []
	};
};
