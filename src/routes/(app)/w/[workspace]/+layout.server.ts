import { page } from '$lib/server/http/errors';
import { actorOf } from '$lib/server/api';
import { may } from '$lib/server/policy';
import { workspaceFor } from '$lib/server/workspaces/queries';
import type { LayoutServerLoadEvent } from './$types';

export const load = page(async ({ params, locals }: LayoutServerLoadEvent) => {
	const actor = actorOf(locals);
	const { workspace, member } = await workspaceFor(actor, params.workspace);
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
		member,
		/** Whether the actor runs this workspace (settings, members, partners, invitations). */
		manage: may(actor, 'workspace.manage', member, workspace)
	};
});
