import { redirect } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import { hasRole, requireMember, requireRole } from '$lib/server/access';
import {
	createDocument,
	documentInput,
	KIND_LABELS,
	listDocuments,
	STATUS_LABELS
} from '$lib/server/documents';
import { TEMPLATES } from '$lib/domain/templates';
import { text, validateForm } from '$lib/server/forms';
import type { Actions, PageServerLoad } from './$types';

const actor = (locals: App.Locals) => ({ user: locals.user, token: null });

export const load: PageServerLoad = async ({ params, locals }) => {
	const { workspace, member } = await requireMember(getDb(), actor(locals), params.workspace);
	return {
		documents: await listDocuments(getDb(), workspace.id),
		kinds: KIND_LABELS,
		statuses: STATUS_LABELS,
		templates: Object.values(TEMPLATES).map((t) => ({ key: t.key, title: t.title, summary: t.summary })),
		canCreate: hasRole(member, 'editor')
	};
};

export const actions: Actions = {
	create: async ({ params, locals, request }) => {
		const { workspace } = await requireRole(getDb(), actor(locals), params.workspace, 'editor');
		const data = await request.formData();
		const v = validateForm(
			documentInput,
			{ title: text(data, 'title'), kind: text(data, 'kind'), template: text(data, 'template') || null },
			data
		);
		if (!v.ok) return v.failure;
		const doc = await createDocument(getDb(), workspace.id, v.data, locals.user!.id);
		redirect(303, `/w/${workspace.slug}/documents/${doc.id}`);
	}
};
