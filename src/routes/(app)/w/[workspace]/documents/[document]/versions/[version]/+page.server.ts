import { error, redirect } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import { hasRole, requireMember, requireRole } from '$lib/server/access';
import { documentInWorkspace, getVersion, restoreVersion } from '$lib/server/documents';
import * as shape from '$lib/server/documents/shape';
import { formCommand } from '$lib/server/forms';
import type { Actions, PageServerLoad } from './$types';

const actor = (locals: App.Locals) => ({ user: locals.user, token: null });

export const load: PageServerLoad = ({ params, locals }) => {
	const db = getDb();
	const { workspace, member } = requireMember(db, actor(locals), params.workspace);
	const document = documentInWorkspace(db, workspace.id, params.document);
	const version = getVersion(db, document.id, params.version);
	if (!version) error(404, { message: 'Not found' });
	const { state: _state, html: _html, text: _text, ...rest } = version;
	// A decided document is read-only until a facilitator starts a revision: no restore.
	return {
		document,
		version: rest,
		blocks: shape.versionBlocks(version),
		canWrite: hasRole(member, 'editor') && document.status !== 'decided'
	};
};

export const actions: Actions = {
	restore: async ({ params, locals, request }) => {
		const db = getDb();
		const { workspace } = requireRole(db, actor(locals), params.workspace, 'editor');
		const document = documentInWorkspace(db, workspace.id, params.document);
		const r = await formCommand(await request.formData(), () =>
			restoreVersion(db, document.id, params.version, locals.user!.id)
		);
		if (!r.ok) return r.failure;
		redirect(303, `/w/${workspace.slug}/documents/${document.id}`);
	}
};
