/**
 * Everything the server writes to its log goes through redactSecrets: some addresses carry a secret (an
 * invitation, a password reset, a public consultation link, an unsubscribe link) and so may a query parameter
 * or a personal access token, and a log is read by more people, and kept longer, than the database.
 */

/**
 * Addresses with a secret segment: /invite/<token>, /reset/<token>, /consult/<token>, /consult/confirm/<code>,
 * /unsubscribe/[one-click/]<token>, a guest's /guest/<token> and a calendar feed's /calendar/<secret>.ics.
 */
const SECRET_SEGMENT =
	/\/(invite|reset|consult\/confirm|consult|unsubscribe\/one-click|unsubscribe|guest|calendar)\/[^/?#\s"'<>]+/gi;
/** Query parameters that may hold a secret, wherever they appear. */
const SECRET_PARAM =
	/([?&;](?:token|access_token|code|state|key|secret|password|sig|signature)=)[^&#\s"'<>]*/gi;
const ACCESS_TOKEN = /\bparity_pat_[A-Za-z0-9_-]+/g;

/** The text with every secret a path, query or token can carry replaced by `[redacted]`. */
export function redactSecrets(text: string): string {
	return text
		.replace(SECRET_SEGMENT, '/$1/[redacted]')
		.replace(SECRET_PARAM, '$1[redacted]')
		.replace(ACCESS_TOKEN, 'parity_pat_[redacted]');
}

/**
 * A request path for the log: percent-decoded (so `/%69nvite/<token>`, which routes like `/invite/<token>`,
 * is redacted too), with control characters shown as escapes so a path cannot forge log lines, then redacted.
 */
export function loggablePath(pathname: string): string {
	let decoded = pathname;
	try {
		decoded = decodeURIComponent(pathname);
	} catch {
		// keep it encoded
	}
	return redactSecrets(
		decoded.replace(/\p{Cc}/gu, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
	);
}

/**
 * An error as the log shows it: its stack, then each cause's (on PostgreSQL, a failed query's error says
 * which statement failed and its cause says why).
 */
export function describeError(error: unknown): string {
	const parts: string[] = [];
	let e: unknown = error;
	for (let depth = 0; e !== undefined && e !== null && depth < 5; depth++) {
		parts.push(e instanceof Error ? (e.stack ?? `${e.name}: ${e.message}`) : String(e));
		e = e instanceof Error ? e.cause : undefined;
	}
	return parts.join('\nCaused by: ');
}

/** An error's message in one line, with its causes' ("Failed query: …: simulated disk error"). */
export function reasonOf(error: unknown): string {
	const parts: string[] = [];
	let e: unknown = error;
	for (let depth = 0; e !== undefined && e !== null && depth < 5; depth++) {
		parts.push(e instanceof Error ? e.message.split('\n')[0] : String(e));
		e = e instanceof Error ? e.cause : undefined;
	}
	return parts.join(': ');
}

export function logError(message: string, error?: unknown): void {
	console.error(redactSecrets(error === undefined ? message : `${message}: ${describeError(error)}`));
}

export function logWarning(message: string): void {
	console.warn(redactSecrets(message));
}

/** An error while answering a request: status, method and path, and (except for a 404) what went wrong. */
export function logRequestError(status: number, method: string, pathname: string, error: unknown): void {
	const where = `[${status}] ${method} ${loggablePath(pathname)}`;
	logError(where, status === 404 ? undefined : error);
}
