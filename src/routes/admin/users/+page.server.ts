import { redirect } from '@sveltejs/kit';
import { actorOf } from '$lib/server/api';
import { page } from '$lib/server/http/errors';
import { findUsers, resendInvitation } from '$lib/server/admin/users';
import { formCommand, text } from '$lib/server/forms';
import type { Actions, PageServerLoadEvent } from './$types';

/** Administrators: find people by name or email. */
export const load = page(async ({ locals, url }: PageServerLoadEvent) => {
	if (!locals.user) redirect(303, `/login?next=${encodeURIComponent(url.pathname + url.search)}`);
	const n = Number(url.searchParams.get('page') ?? '1');
	return await findUsers(actorOf(locals), {
		q: url.searchParams.get('q') ?? '',
		page: Number.isInteger(n) && n > 0 ? n : 1
	});
});

export const actions: Actions = {
	resend: async ({ locals, request }) => {
		const data = await request.formData();
		const r = await formCommand(data, () => resendInvitation(actorOf(locals), text(data, 'id')));
		return r.ok
			? {
					success: r.value.emailed
						? `The invitation to ${r.value.email} is sent again, with a new link.`
						: `${r.value.email} asked not to be emailed: the invitation has a new link but no email went.`
				}
			: r.failure;
	}
};
