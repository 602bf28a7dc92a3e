import { redirect } from '@sveltejs/kit';
import { actorOf } from '$lib/server/api';
import { page } from '$lib/server/http/errors';
import { disableUser, enableUser, resendInvitation, userDetail } from '$lib/server/admin/users';
import { formCommand, text } from '$lib/server/forms';
import type { Actions, PageServerLoadEvent } from './$types';

/** Administrators: one person's account, memberships and recent sign-ins, and what can be done to it. */
export const load = page(async ({ locals, url, params }: PageServerLoadEvent) => {
	if (!locals.user) redirect(303, `/login?next=${encodeURIComponent(url.pathname)}`);
	return await userDetail(actorOf(locals), params.id);
});

export const actions: Actions = {
	disable: async ({ locals, request, params }) => {
		const data = await request.formData();
		const r = await formCommand(data, () => disableUser(actorOf(locals), params.id));
		return r.ok
			? { success: `${r.value.name}’s account is disabled: they are signed out and cannot sign in.` }
			: r.failure;
	},
	enable: async ({ locals, request, params }) => {
		const data = await request.formData();
		const r = await formCommand(data, () => enableUser(actorOf(locals), params.id));
		return r.ok ? { success: `${r.value.name}’s account is enabled: they can sign in again.` } : r.failure;
	},
	resend: async ({ locals, request }) => {
		const data = await request.formData();
		const r = await formCommand(data, () => resendInvitation(actorOf(locals), text(data, 'id')));
		return r.ok
			? {
					success: r.value.emailed
						? `The invitation is sent again to ${r.value.email}, with a new link.`
						: `${r.value.email} asked not to be emailed: the invitation has a new link but no email went.`
				}
			: r.failure;
	}
};
