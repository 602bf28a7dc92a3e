import type { Cookies } from '@sveltejs/kit';
import { setSecretCookie } from '../cookies.ts';

/** The attempt's state, for the callback to check it came back to the browser that started it. */
export const STATE_COOKIE = 'parity_sso_state';
/** The secret of a provider account waiting to be linked with the account's password. */
export const LINK_COOKIE = 'parity_sso_link';
/** Both are sent to the single sign-on pages only (SameSite=Lax, so the provider's redirect carries them). */
export const COOKIE_PATH = '/login/sso';

export function setSsoCookie(cookies: Cookies, url: URL, name: string, value: string, expiresAt: number) {
	setSecretCookie(cookies, url, { name, value, path: COOKIE_PATH, expiresAt });
}

export function deleteSsoCookie(cookies: Cookies, url: URL, name: string) {
	cookies.delete(name, {
		path: COOKIE_PATH,
		httpOnly: true,
		sameSite: 'lax',
		secure: url.protocol === 'https:'
	});
}
