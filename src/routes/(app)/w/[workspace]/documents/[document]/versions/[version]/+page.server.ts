import { error, redirect } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import { hasRole, requireMember, requireRole } from '$lib/server/access';
import { documentInWorkspace, getVersion, restoreVersion } from '$lib/server/documents';
import type { Actions, PageServerLoad } from './$types';

const actor = (locals: App.Locals) => ({ user: locals.user, token: null });

export const load: PageServerLoad = ({ params, locals }) => {
	const db = getDb();
	const { workspace, member } = requireMember(db, actor(locals), params.workspace);
	const document = documentInWorkspace(db, workspace.id, params.document);
	const version = getVersion(db, document.id, params.version);
	if (!version) error(404, { message: 'Not found' });
	const { state: _state, ...rest } = version;
	return { document, version: rest, canWrite: hasRole(member, 'editor') };
};

export const actions: Actions = {
	restore: async ({ params, locals }) => {
		const db = getDb();
		const { workspace } = requireRole(db, actor(locals), params.workspace, 'editor');
		const document = documentInWorkspace(db, workspace.id, params.document);
		await restoreVersion(db, document.id, params.version, locals.user!.id);
		redirect(303, `/w/${workspace.slug}/documents/${document.id}`);
	}
};
