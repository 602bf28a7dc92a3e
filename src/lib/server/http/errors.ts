// The one place where what a command refused becomes an HTTP answer. Commands throw DomainErrors
// (src/lib/server/errors.ts); API handlers (api.ts `api`), form actions (forms.ts `formCommand`) and page
// loads (`page` below) hand them here.
import { error } from '@sveltejs/kit';
import { isDomainError, type DomainError } from '../errors.ts';

/** Throws a domain error as SvelteKit's HTTP error (status, message and code); anything else as it is. */
export function rethrowAsHttp(e: unknown): never {
	if (isDomainError(e)) error(e.status, { message: e.message, code: e.code });
	throw e;
}

/**
 * Wraps a page load (or an action that answers with the error page): a refusal renders the error page with its
 * status — 404 for what the actor cannot see, 403 for what they may not do.
 */
export function page<E, R>(fn: (event: E) => Promise<R>): (event: E) => Promise<R> {
	return async (event) => {
		try {
			return await fn(event);
		} catch (e) {
			rethrowAsHttp(e);
		}
	};
}

/** The status and JSON body of a refusal, for handlers that answer themselves. */
export function describeRefusal(e: DomainError): { status: number; code: string; message: string } {
	return { status: e.status, code: e.code, message: e.message };
}
