import { getDb } from '$lib/server/db';
import { publicWorkspaces, workspacesOfUser } from '$lib/server/workspaces/repository';
import { actorOf } from '$lib/server/api';
import { invitedMeetings } from '$lib/server/meetings/queries';
import { personalClaims } from '$lib/server/claims/queries';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
	const db = getDb();
	const mine = locals.user ? await workspacesOfUser(db, locals.user.id) : [];
	const mineIds = new Set(mine.map((m) => m.workspace.id));
	return {
		mine: mine.map(({ workspace, role }) => ({
			slug: workspace.slug,
			name: workspace.name,
			description: workspace.description,
			visibility: workspace.visibility,
			role
		})),
		meetings: await invitedMeetings(actorOf(locals)),
		claims: await personalClaims(actorOf(locals)),
		public: (await publicWorkspaces(db))
			.filter((w) => !mineIds.has(w.id))
			.map((w) => ({ slug: w.slug, name: w.name, description: w.description }))
	};
};
