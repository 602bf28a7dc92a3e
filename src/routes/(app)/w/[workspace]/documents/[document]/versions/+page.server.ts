import { redirect } from '@sveltejs/kit';
import { actorOf } from '$lib/server/api';
import { nameVersion } from '$lib/server/documents/commands';
import { documentInWorkspace, mayOn } from '$lib/server/documents/queries';
import { listVersions } from '$lib/server/documents/repository';
import { getDb } from '$lib/server/db';
import { formCommand, text } from '$lib/server/forms';
import { page } from '$lib/server/http/errors';
import type { Actions, PageServerLoadEvent } from './$types';

export const load = page(async ({ params, locals }: PageServerLoadEvent) => {
	const actor = actorOf(locals);
	const { document, member } = await documentInWorkspace(actor, params.workspace, params.document);
	return {
		document,
		versions: await listVersions(getDb(), document.id),
		canWrite: mayOn(actor, 'document.nameVersion', member, document)
	};
});

export const actions: Actions = {
	save: async ({ params, locals, request }) => {
		const actor = actorOf(locals);
		const data = await request.formData();
		const r = await formCommand(data, async () => {
			const { document } = await documentInWorkspace(actor, params.workspace, params.document);
			return await nameVersion(actor, document.id, { name: text(data, 'name') });
		});
		if (!r.ok) return r.failure;
		return { success: `Saved version “${r.value.name}”.` };
	},
	compare: async ({ params, request }) => {
		const data = await request.formData();
		redirect(
			303,
			`/w/${params.workspace}/documents/${params.document}/versions/compare?a=${encodeURIComponent(text(data, 'a'))}&b=${encodeURIComponent(text(data, 'b'))}`
		);
	}
};
