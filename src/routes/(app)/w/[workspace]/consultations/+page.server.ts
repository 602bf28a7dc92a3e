import { actorOf } from '$lib/server/api';
import { openConsultation } from '$lib/server/consultations/commands';
import { readOpenForm } from '$lib/server/consultations/form';
import { workspacePage } from '$lib/server/consultations/queries';
import { formCommand, text } from '$lib/server/forms';
import { page } from '$lib/server/http/errors';
import type { Actions, PageServerLoadEvent } from './$types';

export const load = page(
	async ({ params, locals }: PageServerLoadEvent) => await workspacePage(actorOf(locals), params.workspace)
);

export const actions: Actions = {
	open: async ({ params, locals, request, url }) => {
		const data = await request.formData();
		const r = await formCommand(data, () =>
			openConsultation(actorOf(locals), text(data, 'documentId'), readOpenForm(data), {
				workspace: params.workspace
			})
		);
		if (!r.ok) return r.failure;
		const { consultation, linkToken } = r.value;
		return {
			success: `The consultation “${consultation.title}” is open.`,
			consultationId: consultation.id,
			link: linkToken ? `${url.origin}/consult/${linkToken}` : null
		};
	}
};
