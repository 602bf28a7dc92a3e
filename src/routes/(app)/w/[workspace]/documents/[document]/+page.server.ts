import { getDb } from '$lib/server/db';
import { hasRole, requireMember } from '$lib/server/access';
import {
	currentContent,
	documentInWorkspace,
	getVersion,
	KIND_LABELS,
	listVersions,
	STATUS_LABELS
} from '$lib/server/documents';
import { startRevision } from '$lib/server/decisions/adoption';
import { formCommand } from '$lib/server/forms';
import { discussion } from '$lib/server/comment-forms';
import type { Actions, PageServerLoad } from './$types';

const actor = (locals: App.Locals) => ({ user: locals.user, token: null });

export const load: PageServerLoad = async ({ params, locals }) => {
	const db = getDb();
	const { workspace, member } = await requireMember(db, actor(locals), params.workspace);
	const document = await documentInWorkspace(db, workspace.id, params.document);
	const content = await currentContent(document.id);
	// Comments area hook: the margin panel's threads, suggestions and consultation.
	const comments = {
		...(await discussion(db, document, { userId: locals.user?.id ?? null })),
		userId: locals.user?.id ?? null,
		canComment: hasRole(member, 'commenter'),
		canDecide: hasRole(member, 'editor') && document.status !== 'decided'
	};
	const adopted = document.adoptedVersionId
		? await getVersion(db, document.id, document.adoptedVersionId)
		: undefined;
	return {
		comments,
		document,
		html: content.html,
		hash: content.hash,
		kindLabel: KIND_LABELS[document.kind],
		statuses: STATUS_LABELS,
		// A decided document is read-only until a facilitator starts a revision.
		canWrite: hasRole(member, 'editor') && document.status !== 'decided',
		canRevise: hasRole(member, 'facilitator') && document.status === 'decided',
		adopted: adopted ? { id: adopted.id, name: adopted.name, hash: adopted.hash } : null,
		versionCount: (await listVersions(db, document.id)).length
	};
};

export const actions: Actions = {
	revision: async ({ params, locals, request }) => {
		const db = getDb();
		const { workspace } = await requireMember(db, actor(locals), params.workspace);
		const document = await documentInWorkspace(db, workspace.id, params.document);
		const r = await formCommand(
			await request.formData(),
			async () => await startRevision(db, actor(locals), document.id)
		);
		if (!r.ok) return r.failure;
		return { success: 'Revision started: the document is under review and can be edited again.' };
	}
};
