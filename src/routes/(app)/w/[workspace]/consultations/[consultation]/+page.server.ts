import { actorOf } from '$lib/server/api';
import {
	closeConsultation,
	createLink,
	extendConsultation,
	revokeLink
} from '$lib/server/consultations/commands';
import { consultationPage } from '$lib/server/consultations/queries';
import { formCommand, succeeded, text } from '$lib/server/forms';
import { page } from '$lib/server/http/errors';
import type { Actions, PageServerLoadEvent } from './$types';

export const load = page(
	async ({ params, locals }: PageServerLoadEvent) =>
		await consultationPage(actorOf(locals), params.workspace, params.consultation)
);

export const actions: Actions = {
	extend: async ({ params, locals, request }) => {
		const data = await request.formData();
		const input = { closesAt: text(data, 'closesAt'), reason: text(data, 'reason') };
		const r = await formCommand(data, () =>
			extendConsultation(actorOf(locals), params.consultation, input, params.workspace)
		);
		return r.ok ? succeeded('The consultation was extended.', data) : r.failure;
	},
	close: async ({ params, locals, request }) => {
		const data = await request.formData();
		const r = await formCommand(data, () =>
			closeConsultation(
				actorOf(locals),
				params.consultation,
				{ reason: text(data, 'reason') },
				params.workspace
			)
		);
		// The form is gone once the consultation has closed: the page says it.
		return r.ok ? { success: 'The consultation was closed.' } : r.failure;
	},
	newLink: async ({ params, locals, request, url }) => {
		const data = await request.formData();
		const r = await formCommand(data, () =>
			createLink(actorOf(locals), params.consultation, params.workspace)
		);
		if (!r.ok) return r.failure;
		return { success: 'A new public link was made.', link: `${url.origin}/consult/${r.value}` };
	},
	revoke: async ({ params, locals, request }) => {
		const data = await request.formData();
		const r = await formCommand(data, () =>
			revokeLink(actorOf(locals), params.consultation, text(data, 'linkId'), params.workspace)
		);
		if (!r.ok) return r.failure;
		return { success: 'The link was withdrawn; it grants nothing from now on.' };
	}
};
