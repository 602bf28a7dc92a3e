// Pure parts of email: rendering what people typed safely (HTML escaped, text verbatim), reading and
// redacting SMTP_URL, and finding links in a message for the outbox page.
import { describe, expect, it } from 'vitest';
import { escapeHtml, renderMail, type MailParts } from '../../src/lib/server/mail/render.ts';
import { mailConfig, redactSmtpUrl, smtpUrlProblem } from '../../src/lib/server/mail/config.ts';
import { linksIn } from '../../src/lib/server/mail/queue.ts';

const hostile = `<script>alert("x")</script> & O'Brien's "plan"`;
const hostileHtml =
	'&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; O&#39;Brien&#39;s &quot;plan&quot;';

function parts(over: Partial<MailParts> = {}): MailParts {
	return {
		subject: `Re: ${hostile}`,
		intro: [`Hello ${hostile},`, 'Second paragraph.'],
		items: [
			{
				title: `Comment: ${hostile}`,
				detail: `Someone wrote: ${hostile}`,
				url: 'https://parity.example/w/sel/documents/d1/comments#t-1',
				linkText: 'Open in Parity'
			},
			{ title: 'No link here', detail: 'Just words.' }
		],
		action: { label: 'Read it <now>', url: 'https://parity.example/x?a=1&b="2"' },
		outro: [`Thanks, ${hostile}`],
		footer: `You get this because of ${hostile}.`,
		unsubscribeUrl: 'https://parity.example/unsubscribe/abc.def',
		preferencesUrl: 'https://parity.example/settings#email',
		...over
	};
}

describe('escapeHtml', () => {
	it('escapes the five characters that matter in text and attributes', () => {
		expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe(
			'&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;'
		);
		expect(escapeHtml('plain words')).toBe('plain words');
	});
});

describe('renderMail', () => {
	const mail = renderMail(parts());

	it('escapes everything people typed in the HTML: subject, intro, items, action, outro and footer', () => {
		expect(mail.html).not.toContain('<script>');
		expect(mail.html).not.toMatch(/O'Brien/);
		expect(mail.html).toContain(`<title>Re: ${hostileHtml}</title>`);
		expect(mail.html).toContain(`<p style="margin:0 0 1em">Hello ${hostileHtml},</p>`);
		expect(mail.html).toContain(`Comment: ${hostileHtml}: `);
		expect(mail.html).toContain(`<br>Someone wrote: ${hostileHtml}</li>`);
		expect(mail.html).toContain(`Thanks, ${hostileHtml}`);
		expect(mail.html).toContain(`You get this because of ${hostileHtml}.`);
		expect(mail.html).toContain('>Read it &lt;now&gt;</a>');
		// Addresses are escaped inside attributes too, so a quote cannot end the attribute.
		expect(mail.html).toContain('href="https://parity.example/x?a=1&amp;b=&quot;2&quot;"');
		// The only elements are the ones the template writes.
		const tags = new Set([...mail.html.matchAll(/<\/?([a-z]+)/g)].map((m) => m[1]));
		expect([...tags].sort()).toEqual(
			['a', 'body', 'br', 'div', 'head', 'hr', 'html', 'li', 'meta', 'p', 'title', 'ul'].sort()
		);
	});

	it('keeps the subject and the text alternative exactly as typed', () => {
		expect(mail.subject).toBe(`Re: ${hostile}`);
		expect(mail.text).toContain(`Hello ${hostile},`);
		expect(mail.text).toContain(`- Comment: ${hostile}\n  Someone wrote: ${hostile}\n`);
		expect(mail.text).toContain('  https://parity.example/w/sel/documents/d1/comments#t-1');
		expect(mail.text).toContain('- No link here\n  Just words.');
		expect(mail.text).toContain('Read it <now>: https://parity.example/x?a=1&b="2"');
		expect(mail.text).toContain(`Thanks, ${hostile}`);
		expect(mail.text).not.toContain('&lt;');
		expect(mail.text).not.toContain('&amp;');
		expect(mail.text.endsWith('\n')).toBe(true);
		expect(mail.text.startsWith('Hello')).toBe(true);
	});

	it('gives links words that say where they go, in both parts', () => {
		expect(mail.html).toContain(
			'<a href="https://parity.example/w/sel/documents/d1/comments#t-1" style="color:#0b4f8a">Open in Parity</a>'
		);
		// An item without a link has no anchor.
		expect(mail.html).toContain('<li style="margin:0 0 0.75em">No link here<br>Just words.</li>');
	});

	it('ends with why the message came, the preferences link and the unsubscribe link', () => {
		const footer = mail.text.slice(mail.text.indexOf('\n--\n'));
		expect(footer).toContain(`You get this because of ${hostile}.`);
		expect(footer).toContain('Choose how often Parity emails you: https://parity.example/settings#email');
		expect(footer).toContain('Stop these emails: https://parity.example/unsubscribe/abc.def');
		expect(mail.html).toContain(
			'<a href="https://parity.example/settings#email" style="color:#333333">Choose how often Parity emails you</a>'
		);
		expect(mail.html).toContain(
			'<a href="https://parity.example/unsubscribe/abc.def" style="color:#333333">Stop these emails</a>'
		);
	});

	it('leaves out the links it was not given, and the list when there are no items', () => {
		const bare = renderMail(parts({ unsubscribeUrl: null, preferencesUrl: undefined, items: [] }));
		expect(bare.text).not.toContain('Stop these emails');
		expect(bare.text).not.toContain('Choose how often');
		expect(bare.html).not.toContain('Stop these emails');
		expect(bare.html).not.toContain('<ul');
		expect(bare.text).toContain('--\nYou get this because');
	});

	it('writes a whole, labelled HTML document', () => {
		expect(mail.html.startsWith('<!doctype html>\n<html lang="en-GB">')).toBe(true);
		expect(mail.html).toContain('<meta charset="utf-8">');
		expect(mail.html.trimEnd().endsWith('</html>')).toBe(true);
	});
});

describe('SMTP_URL', () => {
	it('accepts smtp:// and smtps:// addresses with a host', () => {
		expect(smtpUrlProblem('smtp://mail.example.org:587')).toBeNull();
		expect(smtpUrlProblem('smtps://user:secret@mail.example.org:465')).toBeNull();
	});

	it('says what is wrong with a bad address, without echoing its password', () => {
		expect(smtpUrlProblem('http://user:hunter2@mail.example.org')).toBe(
			'SMTP_URL must start with smtp:// or smtps://, not http://.'
		);
		const unreadable = smtpUrlProblem('smtps://user:hunter2@');
		expect(unreadable).toMatch(/SMTP_URL/);
		expect(unreadable).not.toContain('hunter2');
		expect(smtpUrlProblem('not a url hunter2')).toBe(
			'SMTP_URL is not a valid address (expected smtp://host:port or smtps://user:password@host:465).'
		);
		expect(smtpUrlProblem('smtp://')).not.toBeNull();
	});

	it('hides the password when showing the address', () => {
		expect(redactSmtpUrl('smtps://user:hunter2@mail.example.org:465')).toBe(
			'smtps://user:****@mail.example.org:465'
		);
		expect(redactSmtpUrl('smtp://mail.example.org:25')).toBe('smtp://mail.example.org:25');
		expect(redactSmtpUrl('smtps://us%40er:p%40ss%3Aword@mail.example.org')).not.toMatch(/p%40ss|word/);
		expect(redactSmtpUrl('::hunter2::')).toBe('(unreadable)');
	});
});

describe('mailConfig', () => {
	it('defaults to the outbox, a local sender and sensible intervals', () => {
		expect(mailConfig({})).toEqual({
			smtpUrl: null,
			smtpProblem: null,
			from: 'Parity <parity@localhost>',
			origin: 'http://localhost:3000',
			intervalMs: 15_000,
			backoffMs: 30_000,
			batchMs: 60_000
		});
	});

	it('reads the environment, trimming the address and the trailing slash of ORIGIN', () => {
		const config = mailConfig({
			SMTP_URL: '  smtps://user:hunter2@mail.example.org:465 ',
			MAIL_FROM: 'Partnership <hello@example.org>',
			ORIGIN: 'https://parity.example.org/',
			PARITY_MAIL_INTERVAL_MS: '200',
			PARITY_MAIL_BACKOFF_MS: '0',
			PARITY_MAIL_BATCH_MS: '0'
		});
		expect(config).toMatchObject({
			smtpUrl: 'smtps://user:hunter2@mail.example.org:465',
			smtpProblem: null,
			from: 'Partnership <hello@example.org>',
			origin: 'https://parity.example.org',
			intervalMs: 200,
			backoffMs: 0,
			batchMs: 0
		});
	});

	it('keeps the defaults for numbers that are not numbers or are negative, and an empty SMTP_URL means none', () => {
		const config = mailConfig({
			SMTP_URL: '   ',
			PARITY_MAIL_INTERVAL_MS: 'soon',
			PARITY_MAIL_BACKOFF_MS: '-5',
			PARITY_MAIL_BATCH_MS: ''
		});
		expect(config).toMatchObject({ smtpUrl: null, intervalMs: 15_000, backoffMs: 30_000, batchMs: 60_000 });
	});

	it('names the problem of a malformed SMTP_URL, without its password', () => {
		const config = mailConfig({ SMTP_URL: 'http://user:hunter2@mail.example.org' });
		expect(config.smtpProblem).toBe('SMTP_URL must start with smtp:// or smtps://, not http://.');
		expect(config.smtpProblem).not.toContain('hunter2');
	});
});

describe('linksIn', () => {
	it('finds each web address once, in order, stopping at spaces, quotes and angle brackets', () => {
		const text = [
			'Accept the invitation: https://parity.example/invite/abc123',
			'See <http://localhost:3000/w/sel/votes/v1> and "https://parity.example/settings#email".',
			'Again: https://parity.example/invite/abc123',
			'Not a link: ftp://files.example.org or parity.example/plain'
		].join('\n');
		expect(linksIn(text)).toEqual([
			'https://parity.example/invite/abc123',
			'http://localhost:3000/w/sel/votes/v1',
			'https://parity.example/settings#email'
		]);
		expect(linksIn('no links at all')).toEqual([]);
	});
});
