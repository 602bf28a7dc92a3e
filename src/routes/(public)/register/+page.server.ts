import { getDb } from '$lib/server/db';
import { publicWorkspaces } from '$lib/server/workspaces';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = () => ({
	workspaces: publicWorkspaces(getDb()).map((w) => ({
		slug: w.slug,
		name: w.name,
		description: w.description
	}))
});
