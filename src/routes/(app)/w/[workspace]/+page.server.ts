import { getDb } from '$lib/server/db';
import { actorOf } from '$lib/server/api';
import { page } from '$lib/server/http/errors';
import { listPartners } from '$lib/server/workspaces/partners';
import { touchLastVisit } from '$lib/server/workspaces/repository';
import { activitySince } from '$lib/server/activity';
import * as waiting from '$lib/server/waiting/queries';
import type { PageServerLoadEvent } from './$types';

export const load = page(async ({ parent, locals }: PageServerLoadEvent) => {
	const { workspace, member } = await parent();
	const db = getDb();
	const lastVisitAt = member && locals.user ? await touchLastVisit(db, workspace.id, locals.user.id) : null;
	// "Since your last visit" (comments area): changes by others since the previous visit.
	const activity =
		lastVisitAt !== null && locals.user
			? await activitySince(db, workspace.id, locals.user.id, lastVisitAt)
			: null;
	const partners = (await listPartners(db, workspace.id)).map(
		({ organisationId, name, sector, grassroots, byAndFor }) => ({
			organisationId,
			name,
			sector,
			grassroots,
			byAndFor
		})
	);
	// "Waiting for you": what this member is asked to do here (null for visitors).
	const waitingItems = member ? await waiting.waitingFor(db, actorOf(locals), workspace.id) : null;
	return { partners, lastVisitAt, activity, waiting: waitingItems };
});
