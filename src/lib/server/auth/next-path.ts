/**
 * The one rule for following a user-supplied address after signing in (or any other redirect to a path a
 * client chose): the address is normalised first, exactly as a browser would, and only then checked, so
 * `/.//evil.example`, `/a/..//evil.example` or `/%2e//evil.example` cannot become `//evil.example`.
 */
export function safeNextPath(next: string | null | undefined, origin: string): string {
	// Browsers drop tabs and line breaks from addresses and read a backslash as `/`: `/<tab>/evil.example`
	// would leave the site. Control characters, whitespace and backslashes are refused before parsing.
	if (!next || next.length > 2048 || !next.startsWith('/') || /[\\\s\p{Cc}]/u.test(next)) return '/';
	let url: URL;
	try {
		url = new URL(next, origin);
	} catch {
		return '/';
	}
	if (url.origin !== new URL(origin).origin) return '/';
	const path = url.pathname + url.search + url.hash;
	// After normalisation the path must start with exactly one `/`, not `//` or `/\` (another host), nor an
	// encoded slash or backslash that a proxy might decode into one.
	if (!path.startsWith('/') || /^\/(?:[/\\]|%2f|%5c)/i.test(path)) return '/';
	return path;
}
