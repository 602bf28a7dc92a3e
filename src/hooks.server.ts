import { error, json, redirect, type Handle, type HandleServerError } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import * as auth from '$lib/server/auth/session';
import * as tokens from '$lib/server/auth/tokens';
import { deleteSessionCookie, setSessionCookie } from '$lib/server/auth/cookies';
import { errorResponse } from '$lib/server/api';
import { CLIENT_IP_HEADER } from '$lib/server/client-ip';
import { logRequestError } from '$lib/server/log';
import { addressTextProblem, formTextProblem } from '$lib/server/forms';
import { gzipped } from '$lib/server/http/compress';
import { linkHeaderWith, withPreloads } from '$lib/server/http/preload';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const NO_SCRIPT_CSP =
	"default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/**
 * Fills `event.locals` and answers, then reads what is left of the request's body (see dropUnreadBody). Pages
 * and their data go out gzipped when the browser takes it (the API answers as it is).
 */
export const handle: Handle = async (input) => {
	const response = await main(input);
	await dropUnreadBody(input.event.request);
	return isApi(input.event.url) ? response : gzipped(input.event.request, response);
};

const isApi = (url: URL) => url.pathname === '/api/v1' || url.pathname.startsWith('/api/v1/');

/**
 * Reads and drops a body that was answered without being read (an early 401, 404 or 413), up to the server's
 * body limit: otherwise the unread rest stays in the connection and the client's next request on it fails.
 */
async function dropUnreadBody(request: Request) {
	if (!request.body || request.bodyUsed) return;
	try {
		const reader = request.body.getReader();
		while (!(await reader.read()).done);
	} catch {
		// Over the server's limit: the connection is closed instead.
	}
}

/**
 * Fills `event.locals` (user, session or token, client address) and applies the API's CSRF rule; pages get the
 * preloads their load asked for.
 */
const main: Handle = async ({ event, resolve }) => {
	const db = getDb();
	event.locals.user = null;
	event.locals.session = null;
	event.locals.token = null;
	event.locals.setUpTwoFactor = false;
	event.locals.ip = event.request.headers.get(CLIENT_IP_HEADER) ?? event.getClientAddress();

	const api = isApi(event.url);
	// Before anything reads the database with a part of the address.
	const addressProblem = addressTextProblem(event.url);
	if (addressProblem) {
		if (api) return errorResponse(400, 'bad_request', addressProblem);
		error(400, addressProblem);
	}
	const authorization = event.request.headers.get('authorization');

	if (authorization !== null && api) {
		// A Bearer header makes the request ignore cookies.
		const match = /^Bearer\s+(\S+)$/i.exec(authorization);
		const checked = match ? await tokens.validateApiToken(db, match[1]) : null;
		if (!checked)
			return errorResponse(
				401,
				'unauthenticated',
				'The access token is missing, unknown, revoked or expired.',
				{
					'www-authenticate': 'Bearer'
				}
			);
		event.locals.user = checked.user;
		event.locals.token = checked.token;
	} else {
		const cookie = event.cookies.get(auth.SESSION_COOKIE);
		if (cookie) {
			const checked = await auth.validateSessionToken(db, cookie);
			if (checked) {
				event.locals.user = checked.user;
				event.locals.session = checked.session;
				event.locals.setUpTwoFactor = checked.setUpTwoFactor;
				if (checked.fresh) setSessionCookie(event.cookies, event.url, cookie, checked.session.expiresAt);
			} else {
				deleteSessionCookie(event.cookies, event.url);
			}
		}
		if (api && event.locals.session && !SAFE_METHODS.has(event.request.method)) {
			const type = event.request.headers.get('content-type') ?? '';
			const origin = event.request.headers.get('origin');
			// JSON, or a Word file to import: types a cross-site form cannot send without asking first.
			if (
				!/^application\/(json|vnd\.openxmlformats-officedocument\.wordprocessingml\.document)\b/i.test(
					type
				) ||
				origin !== event.url.origin
			)
				return errorResponse(
					403,
					'forbidden',
					'Cross-site request refused: send JSON (or a Word file) from the same origin, or use an access token.'
				);
		}
	}

	if (event.locals.setUpTwoFactor && !reachableBeforeTwoFactor(event.request.method, event.url.pathname)) {
		if (api)
			return errorResponse(
				403,
				'two_factor_setup_required',
				'Set up two-factor sign-in first (/settings/two-factor): you must use it. Access tokens are not affected.'
			);
		redirect(303, `${TWO_FACTOR_SETUP}?next=${encodeURIComponent(event.url.pathname + event.url.search)}`);
	}

	// Form posts meet the text rule of JSON bodies (readJson) here, once for every form.
	if (!api && !SAFE_METHODS.has(event.request.method)) {
		const problem = await formTextProblem(event.request);
		if (problem) {
			// `use:enhance` expects an action result; a browser without JavaScript gets the error page.
			if (event.request.headers.get('x-sveltekit-action') === 'true')
				return json({ type: 'error', status: 400, error: { message: problem } }, { status: 400 });
			error(400, problem);
		}
	}

	// A page's load may name files its HTML should ask for early (locals.preload).
	const response = await resolve(event, {
		transformPageChunk: ({ html }) => withPreloads(html, event.locals.preload ?? [])
	});
	// Only a page's HTML: its data (`__data.json`, when the browser navigates to it) needs no preloads.
	const html = /^text\/html/i.test(response.headers.get('content-type') ?? '');
	const link = html ? linkHeaderWith(response.headers.get('link'), event.locals.preload ?? []) : null;
	if (link) response.headers.set('link', link);
	response.headers.set('x-content-type-options', 'nosniff');
	response.headers.set('referrer-policy', 'same-origin');
	if (!response.headers.has('x-frame-options')) response.headers.set('x-frame-options', 'DENY');
	// Pages carry SvelteKit's policy (kit.csp); HTML from an endpoint gets one under which nothing runs.
	if (
		!response.headers.has('content-security-policy') &&
		/^text\/html/i.test(response.headers.get('content-type') ?? '')
	)
		response.headers.set('content-security-policy', NO_SCRIPT_CSP);
	return response;
};

const TWO_FACTOR_SETUP = '/settings/two-factor';

/**
 * What a session may reach while its person must set up two-factor sign-in and has not: the set-up page, signing
 * out, who they are, and the pages every footer links to.
 */
function reachableBeforeTwoFactor(method: string, path: string): boolean {
	if (path === TWO_FACTOR_SETUP || path === '/logout' || path === '/login') return true;
	if (path === '/api/v1/me/two-factor' || path === '/api/v1/me') return SAFE_METHODS.has(method);
	return SAFE_METHODS.has(method) && (path === '/privacy' || path === '/accessibility');
}

/** Logs a failed request like SvelteKit does, but with the secrets some paths carry redacted. */
export const handleError: HandleServerError = ({ error, event, status }) => {
	logRequestError(status, event.request.method, event.url.pathname, error);
};
