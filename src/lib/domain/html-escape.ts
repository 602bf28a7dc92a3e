// Escaping for HTML built as strings (the content renderers), and the one rule for which links survive.

export function escapeHtml(s: string): string {
	return s.replace(
		/[&<>"']/g,
		(c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!
	);
}

/** Only web and mail links survive rendering. */
export function safeHref(href: unknown): string | null {
	if (typeof href !== 'string') return null;
	const h = href.trim();
	return /^(https?:|mailto:)/i.test(h) ? h : null;
}
