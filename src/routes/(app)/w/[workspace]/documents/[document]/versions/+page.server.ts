import { redirect } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import { hasRole, requireMember, requireRole } from '$lib/server/access';
import { documentInWorkspace, listVersions, saveVersion, versionInput } from '$lib/server/documents';
import { text, validateForm } from '$lib/server/forms';
import type { Actions, PageServerLoad } from './$types';

const actor = (locals: App.Locals) => ({ user: locals.user, token: null });

export const load: PageServerLoad = async ({ params, locals }) => {
	const db = getDb();
	const { workspace, member } = await requireMember(db, actor(locals), params.workspace);
	const document = await documentInWorkspace(db, workspace.id, params.document);
	return { document, versions: await listVersions(db, document.id), canWrite: hasRole(member, 'editor') };
};

export const actions: Actions = {
	save: async ({ params, locals, request }) => {
		const db = getDb();
		const { workspace } = await requireRole(db, actor(locals), params.workspace, 'editor');
		const document = await documentInWorkspace(db, workspace.id, params.document);
		const data = await request.formData();
		const v = validateForm(versionInput, { name: text(data, 'name') }, data);
		if (!v.ok) return v.failure;
		const version = await saveVersion(db, document.id, v.data.name, locals.user!.id);
		return { success: `Saved version “${version.name}”.` };
	},
	compare: async ({ params, request }) => {
		const data = await request.formData();
		redirect(
			303,
			`/w/${params.workspace}/documents/${params.document}/versions/compare?a=${encodeURIComponent(text(data, 'a'))}&b=${encodeURIComponent(text(data, 'b'))}`
		);
	}
};
