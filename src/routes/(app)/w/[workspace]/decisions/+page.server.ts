import { getDb } from '$lib/server/db';
import { actorOf } from '$lib/server/api';
import { loadWorkspace } from '$lib/server/access';
import { may } from '$lib/server/policy';
import { page } from '$lib/server/http/errors';
import * as decisions from '$lib/server/decisions/queries';
import type { PageServerLoad, PageServerLoadEvent } from './$types';

export const load: PageServerLoad = page(async ({ params, locals }: PageServerLoadEvent) => {
	const db = getDb();
	const actor = actorOf(locals);
	const { workspace, member } = await loadWorkspace(db, actor, params.workspace);
	const canPublish = may(actor, 'decision.publish', member, workspace);
	return {
		canPublish,
		isAdmin: may(actor, 'register.people', null, null),
		decisions: (await decisions.listDecisions(db, workspace.id)).map((d) => ({
			id: d.id,
			title: d.title,
			outcome: d.outcome,
			method: d.method,
			decidedAt: d.decidedAt,
			supersededById: d.supersededById,
			dissentUntil: d.dissentUntil
		})),
		publishable: canPublish ? await decisions.publishableVotes(db, workspace.id) : []
	};
});
