import { redirect } from '@sveltejs/kit';
import { actorOf } from '$lib/server/api';
import { addDocument } from '$lib/server/documents/commands';
import { documentsOf } from '$lib/server/documents/queries';
import { KIND_LABELS, STATUS_LABELS } from '$lib/server/documents/schemas';
import { TEMPLATES } from '$lib/domain/templates';
import { formCommand, text } from '$lib/server/forms';
import { page } from '$lib/server/http/errors';
import { may } from '$lib/server/policy/index';
import type { Actions, PageServerLoadEvent } from './$types';

export const load = page(async ({ params, locals }: PageServerLoadEvent) => {
	const actor = actorOf(locals);
	const { member, documents } = await documentsOf(actor, params.workspace);
	return {
		documents,
		kinds: KIND_LABELS,
		statuses: STATUS_LABELS,
		templates: Object.values(TEMPLATES).map((t) => ({ key: t.key, title: t.title, summary: t.summary })),
		canCreate: may(actor, 'document.create', member, { status: 'drafting' })
	};
});

export const actions: Actions = {
	create: async ({ params, locals, request }) => {
		const data = await request.formData();
		const r = await formCommand(data, () =>
			addDocument(actorOf(locals), params.workspace, {
				title: text(data, 'title'),
				kind: text(data, 'kind'),
				template: text(data, 'template') || null
			})
		);
		if (!r.ok) return r.failure;
		redirect(303, `/w/${r.value.workspace.slug}/documents/${r.value.document.id}`);
	}
};
