import type { SessionUser, Session } from '$lib/server/auth/session';
import type { TokenInfo } from '$lib/server/auth/tokens';
import type { Preload } from '$lib/server/http/preload';

declare global {
	namespace App {
		interface Error {
			message: string;
			code?: string;
		}
		interface Locals {
			user: SessionUser | null;
			session: Session | null;
			/** Set when the request authenticated with a personal access token (API only). */
			token: TokenInfo | null;
			/**
			 * The session's person must use two-factor sign-in and has not set it up: the session reaches only the
			 * set-up page (hooks.server.ts).
			 */
			setUpTwoFactor: boolean;
			/** The client's address, from the one client-IP function. */
			ip: string;
			/** Files the page asks for before its own (the document page's live editor), see http/preload.ts. */
			preload?: Preload[];
		}
	}
}

export {};
