import { actorOf } from '$lib/server/api';
import { formCommand, formFailure, text } from '$lib/server/forms';
import { page } from '$lib/server/http/errors';
import { peopleNamed } from '$lib/server/register/queries';
import { redactPerson } from '$lib/server/register/commands';
import type { Actions, PageServerLoad, PageServerLoadEvent } from './$types';

/** Administrators: remove one person's details from this workspace's register (a lawful request or their safety). */
export const load: PageServerLoad = page(async ({ params, locals }: PageServerLoadEvent) => ({
	people: (await peopleNamed(actorOf(locals), params.workspace)).people
}));

export const actions: Actions = {
	default: async ({ params, locals, request }) => {
		const data = await request.formData();
		const reason = text(data, 'reason').trim();
		if (!reason)
			return formFailure(400, 'Give the reason for the removal.', data, {
				reason: 'The reason is required.'
			});
		const r = await formCommand(data, () =>
			redactPerson(actorOf(locals), params.workspace, { person: text(data, 'person'), reason })
		);
		if (!r.ok) return r.failure;
		return {
			success: `Removed ${r.value.removed} ${r.value.removed === 1 ? 'item' : 'items'} of personal details; the removal is register entry ${r.value.entry.seq}.`
		};
	}
};
