import type { SessionUser, Session } from '$lib/server/auth/session';
import type { TokenInfo } from '$lib/server/auth/tokens';

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
			/** The client's address, from the one client-IP function. */
			ip: string;
			/** Modules the page asks for in its HTML before its own (the document page's live editor). */
			modulepreload?: string[];
		}
	}
}

export {};
