/**
 * Turns a message's parts into short, plain HTML and its text alternative. Everything people typed is
 * escaped; links have words that say where they go.
 */
export type MailItem = { title: string; detail?: string; url?: string; linkText?: string };
export type MailParts = {
	subject: string;
	/** Opening lines (plain text, one paragraph each). */
	intro: string[];
	items?: MailItem[];
	/** The main thing to do. */
	action?: { label: string; url: string };
	/** Closing lines, for example how long a link works. */
	outro?: string[];
	/** Why the person gets this message, and how to stop it. */
	footer: string;
	unsubscribeUrl?: string | null;
	preferencesUrl?: string | null;
};

export function escapeHtml(s: string): string {
	return s
		.replaceAll('&', '&amp;')
		.replaceAll('<', '&lt;')
		.replaceAll('>', '&gt;')
		.replaceAll('"', '&quot;')
		.replaceAll("'", '&#39;');
}

const P = 'margin:0 0 1em';

export function renderMail(parts: MailParts): { subject: string; text: string; html: string } {
	const text: string[] = [];
	const html: string[] = [];
	for (const line of parts.intro) {
		text.push(line, '');
		html.push(`<p style="${P}">${escapeHtml(line)}</p>`);
	}
	if (parts.items?.length) {
		html.push('<ul style="margin:0 0 1em;padding-left:1.25em">');
		for (const item of parts.items) {
			text.push(`- ${item.title}`);
			if (item.detail) text.push(`  ${item.detail}`);
			if (item.url) text.push(`  ${item.url}`);
			const title = item.url
				? `<a href="${escapeHtml(item.url)}" style="color:#0b4f8a">${escapeHtml(item.linkText ?? item.title)}</a>`
				: escapeHtml(item.title);
			const lead = item.url && item.linkText ? `${escapeHtml(item.title)}: ` : '';
			const detail = item.detail ? `<br>${escapeHtml(item.detail)}` : '';
			html.push(`<li style="margin:0 0 0.75em">${lead}${title}${detail}</li>`);
		}
		html.push('</ul>');
		text.push('');
	}
	if (parts.action) {
		text.push(`${parts.action.label}: ${parts.action.url}`, '');
		html.push(
			`<p style="${P}"><a href="${escapeHtml(parts.action.url)}" style="display:inline-block;padding:0.6em 1em;background:#0b4f8a;color:#ffffff;text-decoration:underline;border-radius:4px">${escapeHtml(parts.action.label)}</a></p>`
		);
	}
	for (const line of parts.outro ?? []) {
		text.push(line, '');
		html.push(`<p style="${P}">${escapeHtml(line)}</p>`);
	}
	text.push('--', parts.footer);
	const footer = [escapeHtml(parts.footer)];
	if (parts.preferencesUrl) {
		text.push(`Choose how often Parity emails you: ${parts.preferencesUrl}`);
		footer.push(
			`<a href="${escapeHtml(parts.preferencesUrl)}" style="color:#333333">Choose how often Parity emails you</a>.`
		);
	}
	if (parts.unsubscribeUrl) {
		text.push(`Stop these emails: ${parts.unsubscribeUrl}`);
		footer.push(`<a href="${escapeHtml(parts.unsubscribeUrl)}" style="color:#333333">Stop these emails</a>.`);
	}
	html.push(
		`<hr style="border:0;border-top:1px solid #cccccc;margin:1.5em 0 1em"><p style="${P};font-size:14px;color:#333333">${footer.join(' ')}</p>`
	);
	const body = html.join('\n');
	return {
		subject: parts.subject,
		text: text.join('\n').trim() + '\n',
		html: `<!doctype html>
<html lang="en-GB">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(parts.subject)}</title></head>
<body style="margin:0;padding:1em;background:#ffffff;color:#1a1a1a;font-family:Arial,Helvetica,sans-serif;font-size:16px;line-height:1.5">
<div style="max-width:36em">
${body}
</div>
</body>
</html>
`
	};
}
