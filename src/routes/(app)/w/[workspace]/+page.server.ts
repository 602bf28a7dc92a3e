import { getDb } from '$lib/server/db';
import { listPartners, touchLastVisit } from '$lib/server/workspaces';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ parent, locals }) => {
	const { workspace, member } = await parent();
	const db = getDb();
	const lastVisitAt = member && locals.user ? touchLastVisit(db, workspace.id, locals.user.id) : null;
	return { partners: listPartners(db, workspace.id), lastVisitAt };
};
