import type { Cookies } from '@sveltejs/kit';
import { SESSION_COOKIE } from './session.ts';

/** A cookie that holds a secret: HttpOnly, SameSite=Lax, Secure over HTTPS, for `path` until `expiresAt`. */
export function setSecretCookie(
	cookies: Cookies,
	url: URL,
	cookie: { name: string; value: string; path: string; expiresAt: number }
): void {
	cookies.set(cookie.name, cookie.value, {
		path: cookie.path,
		httpOnly: true,
		sameSite: 'lax',
		secure: url.protocol === 'https:',
		expires: new Date(cookie.expiresAt)
	});
}

export function setSessionCookie(cookies: Cookies, url: URL, token: string, expiresAt: number): void {
	setSecretCookie(cookies, url, { name: SESSION_COOKIE, value: token, path: '/', expiresAt });
}

export function deleteSessionCookie(cookies: Cookies, url: URL): void {
	cookies.delete(SESSION_COOKIE, {
		path: '/',
		httpOnly: true,
		sameSite: 'lax',
		secure: url.protocol === 'https:'
	});
}
