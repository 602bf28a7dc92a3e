import { getDb } from '$lib/server/db';
import { loadWorkspace } from '$lib/server/access';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = async ({ params, locals }) => {
	const { workspace, member } = await loadWorkspace(
		getDb(),
		{ user: locals.user, token: null },
		params.workspace
	);
	return {
		workspace: {
			id: workspace.id,
			slug: workspace.slug,
			name: workspace.name,
			description: workspace.description,
			visibility: workspace.visibility,
			timeZone: workspace.timeZone,
			isDemo: workspace.isDemo
		},
		member
	};
};
