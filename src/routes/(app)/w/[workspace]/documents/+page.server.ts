import { redirect } from '@sveltejs/kit';
import { actorOf } from '$lib/server/api';
import { addDocument, importDocument } from '$lib/server/documents/commands';
import { documentsOf } from '$lib/server/documents/queries';
import { KIND_LABELS, STATUS_LABELS } from '$lib/server/documents/schemas';
import { TEMPLATES } from '$lib/domain/templates';
import { formCommand, formFailure, text } from '$lib/server/forms';
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
	},
	/** A document from a Word file: the page then shows what was kept out, with a link to the document. */
	import: async ({ params, locals, request }) => {
		const data = await request.formData();
		const file = data.get('file');
		if (!(file instanceof File) || file.size === 0)
			return formFailure(400, 'Choose a Word file (.docx) to import.', data, {
				file: 'Choose a Word file (.docx).'
			});
		const bytes = Buffer.from(await file.arrayBuffer());
		const r = await formCommand(data, () =>
			importDocument(
				actorOf(locals),
				params.workspace,
				{ title: text(data, 'title'), kind: text(data, 'kind') || undefined },
				bytes,
				file.name
			)
		);
		if (!r.ok) return r.failure;
		const { document, workspace, report } = r.value;
		return {
			imported: {
				id: document.id,
				title: document.title,
				href: `/w/${workspace.slug}/documents/${document.id}`,
				dropped: report.dropped,
				notes: report.notes
			}
		};
	}
};
