import { getDb } from '$lib/server/db';
import { page } from '$lib/server/http/errors';
import { listPartners } from '$lib/server/workspaces/partners';
import { touchLastVisit } from '$lib/server/workspaces/repository';
import { activitySince } from '$lib/server/comment-forms';
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
	return { partners, lastVisitAt, activity };
});
