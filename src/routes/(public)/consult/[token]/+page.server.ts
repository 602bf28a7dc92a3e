import { setSecretCookie } from '$lib/server/auth/cookies';
import * as commands from '$lib/server/comments/commands';
import { field, suggestionFromForm, threadFromForm } from '$lib/server/comments/form-input';
import { joinByLink, resendConfirmation, respondAsGuest } from '$lib/server/consultations/commands';
import { readAnswersForm, readJoinForm } from '$lib/server/consultations/form';
import { GUEST_COOKIE } from '$lib/server/consultations/links';
import { guestPage, guestWriter, validLink } from '$lib/server/consultations/queries';
import { joinInput } from '$lib/server/consultations/schemas';
import { formCommand, succeeded, text, validateForm } from '$lib/server/forms';
import { page } from '$lib/server/http/errors';
import type { Cookies } from '@sveltejs/kit';
import type { Actions, PageServerLoadEvent, RequestEvent } from './$types';

/** The cookie of a person who identified themselves, until the close (renewed when the close moves). */
function setGuestCookie(cookies: Cookies, url: URL, value: string, closesAt: number) {
	setSecretCookie(cookies, url, { name: GUEST_COOKIE, value, path: '/consult', expiresAt: closesAt });
}

// A revoked, unknown or late link gets a clear page (410, 404, 410) and grants nothing.
export const load = page(async ({ params, cookies, url }: PageServerLoadEvent) => {
	const cookie = cookies.get(GUEST_COOKIE);
	const data = await guestPage(params.token, cookie);
	if (data.guest && cookie) setGuestCookie(cookies, url, cookie, data.consultation.closesAt);
	return data;
});

type Writer = Awaited<ReturnType<typeof guestWriter>>;

/**
 * An action of a person who joined through the link: refusals about the input or the state, and successes,
 * come back beside the form; an invalid link, or not having joined, renders the error page.
 */
function guestAction(success: string, run: (writer: Writer, data: FormData) => Promise<unknown>) {
	return page(async (event: RequestEvent) => {
		const writer = await guestWriter(event.params.token, event.cookies.get(GUEST_COOKIE));
		const data = await event.request.formData();
		const r = await formCommand(data, () => run(writer, data));
		return r.ok ? succeeded(success, data) : r.failure;
	});
}

export const actions: Actions = {
	join: page(async (event: RequestEvent) => {
		await validLink(event.params.token);
		const data = await event.request.formData();
		const input = validateForm(joinInput, readJoinForm(data), data);
		if (!input.ok) return input.failure;
		const { answers } = readAnswersForm(data);
		const r = await formCommand(data, () =>
			joinByLink(event.params.token, input.data, event.locals.ip, answers)
		);
		if (!r.ok) return r.failure;
		setGuestCookie(event.cookies, event.url, r.value.cookie, r.value.expires);
		const sent = r.value.answered ? 'Your answers were recorded. ' : '';
		return succeeded(
			`Thank you. ${sent}We sent a link to ${r.value.email}: open it to confirm your email. Until then, what you send is shown to the organisers as unconfirmed.`,
			data
		);
	}),
	comment: guestAction('Your comment was added.', (w, data) =>
		commands.openThreadAs(w.document, w.author, { ...threadFromForm(data), consultationId: w.consultationId })
	),
	suggest: guestAction(
		'Your suggestion was added. An editor will accept or reject it.',
		async (w, data) =>
			await commands.suggestAs(w.document, w.author, {
				...(await suggestionFromForm(w.document.id, data)),
				consultationId: w.consultationId
			})
	),
	reply: guestAction('Your reply was added.', (w, data) =>
		commands.replyAsGuest(w.document, w.author, field(data, 'threadId'), { body: field(data, 'body') })
	),
	resend: guestAction('We sent a new link to your email; the earlier one no longer works.', (w) =>
		resendConfirmation(w.guest)
	),
	respond: guestAction('Your answers were recorded. Thank you.', (w, data) =>
		respondAsGuest(w.guest, text(data, 'consultationId'), readAnswersForm(data))
	)
};
