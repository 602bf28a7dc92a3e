import { getDb } from '$lib/server/db';
import { hasRole, requireMember, requireRole } from '$lib/server/access';
import {
	currentContent,
	documentInWorkspace,
	documentPatch,
	KIND_LABELS,
	listVersions,
	STATUS_LABELS,
	updateDocument
} from '$lib/server/documents';
import { text, validateForm } from '$lib/server/forms';
import { discussion } from '$lib/server/comment-forms';
import type { Actions, PageServerLoad } from './$types';

const actor = (locals: App.Locals) => ({ user: locals.user, token: null });

export const load: PageServerLoad = async ({ params, locals }) => {
	const db = getDb();
	const { workspace, member } = requireMember(db, actor(locals), params.workspace);
	const document = documentInWorkspace(db, workspace.id, params.document);
	const content = await currentContent(document.id);
	// Comments area hook: the margin panel's threads, suggestions and consultation.
	const comments = {
		...(await discussion(db, document, { userId: locals.user?.id ?? null })),
		userId: locals.user?.id ?? null,
		canComment: hasRole(member, 'commenter'),
		canDecide: hasRole(member, 'editor')
	};
	return {
		comments,
		document,
		html: content.html,
		hash: content.hash,
		kindLabel: KIND_LABELS[document.kind],
		statuses: STATUS_LABELS,
		canWrite: hasRole(member, 'editor'),
		versionCount: listVersions(db, document.id).length
	};
};

export const actions: Actions = {
	status: async ({ params, locals, request }) => {
		const db = getDb();
		const { workspace } = requireRole(db, actor(locals), params.workspace, 'editor');
		const document = documentInWorkspace(db, workspace.id, params.document);
		const data = await request.formData();
		const v = validateForm(documentPatch, { status: text(data, 'status') }, data);
		if (!v.ok) return v.failure;
		updateDocument(db, document.id, v.data);
		return { success: `Status changed to “${STATUS_LABELS[v.data.status!]}”.` };
	}
};
