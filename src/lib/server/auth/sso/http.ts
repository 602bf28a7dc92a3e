import { error } from '@sveltejs/kit';
import { isDomainError } from '../../errors.ts';
import { SignInRefused } from './sign-in.ts';

/**
 * Runs a step of single sign-on; a refusal renders the error page with its status and the `sso` code (the
 * page then offers signing in with a password).
 */
export async function ssoRefusal<T>(fn: () => Promise<T>): Promise<T> {
	try {
		return await fn();
	} catch (e) {
		if (e instanceof SignInRefused || isDomainError(e)) error(e.status, { message: e.message, code: 'sso' });
		throw e;
	}
}
