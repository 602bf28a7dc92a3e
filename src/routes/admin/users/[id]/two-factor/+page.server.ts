import { redirect } from '@sveltejs/kit';
import { actorOf } from '$lib/server/api';
import { page } from '$lib/server/http/errors';
import { resetSubject, resetTwoFactor } from '$lib/server/auth/two-factor';
import { twoFactorResetInput } from '$lib/server/auth/schemas';
import { formCommand, texts, validateForm } from '$lib/server/forms';
import type { Actions, PageServerLoadEvent, RequestEvent } from './$types';

export const load = page(async ({ locals, url, params }: PageServerLoadEvent) => {
	if (!locals.user) redirect(303, `/login?next=${encodeURIComponent(url.pathname)}`);
	return { person: await resetSubject(actorOf(locals), params.id) };
});

export const actions: Actions = {
	default: page(async ({ locals, request, params }: RequestEvent) => {
		if (!locals.user) redirect(303, '/login');
		const data = await request.formData();
		const v = validateForm(twoFactorResetInput, texts(data, 'reason'), data);
		if (!v.ok) return v.failure;
		const r = await formCommand(data, () => resetTwoFactor(actorOf(locals), params.id, v.data.reason));
		if (!r.ok) return r.failure;
		return {
			success: `${r.value.name}’s two-factor sign-in is reset and they are signed out everywhere. They have been told by email, and the reset is recorded in the governance history of their workspaces.`
		};
	})
};
