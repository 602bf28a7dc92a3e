import { getDb } from '$lib/server/db';
import { publicWorkspaces } from '$lib/server/workspaces/repository';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async () => ({
	workspaces: (await publicWorkspaces(getDb())).map((w) => ({
		slug: w.slug,
		name: w.name,
		description: w.description
	}))
});
