import { describe, expect, it } from 'vitest';
import { codeFence, markdownLine, markdownText } from '../../src/lib/domain/markdown.ts';

describe('markdownText', () => {
	it('lets no HTML through: angle brackets and ampersands become entity references', () => {
		expect(markdownText('<script>alert(1)</script>')).toBe('&lt;script&gt;alert(1)&lt;/script&gt;');
		expect(markdownText('<svg/onload=alert(1)>')).toBe('&lt;svg/onload=alert(1)&gt;');
		expect(markdownText('<!-- c --> <![CDATA[x]]>')).not.toMatch(/</);
		// An entity the person typed stays the text they typed, not the character it names.
		expect(markdownText('jav&#x61;script: &lt;b&gt;')).toBe('jav&amp;\\#x61;script: &amp;lt;b&amp;gt;');
	});

	it('escapes characters that would start emphasis, code, links, images, tables or strikethrough', () => {
		expect(markdownText('a *b* _c_ `d` [e](f) ![g](h) | ~~i~~ \\')).toBe(
			'a \\*b\\* \\_c\\_ \\`d\\` \\[e\\](f) !\\[g\\](h) \\| \\~\\~i\\~\\~ \\\\'
		);
		// Punctuation that cannot start Markdown on its own is left readable.
		expect(markdownText('Yes! {a} (b) 50% "c"')).toBe('Yes! {a} (b) 50% "c"');
	});

	it('escapes what would start a heading, list, quote or rule at the start of a line', () => {
		expect(markdownText('# Title')).toBe('\\# Title');
		expect(markdownText('- item\n+ item\n  1. item\n2) item\n===\n> quote')).toBe(
			'\\- item\n\\+ item\n  1\\. item\n2\\) item\n\\===\n&gt; quote'
		);
		// In the middle of a line the same characters are ordinary text.
		expect(markdownText('10-15 people, 2.5 hours, 3 + 4 = 7')).toBe('10-15 people, 2.5 hours, 3 + 4 = 7');
	});

	it('keeps line breaks, and markdownLine makes one line', () => {
		expect(markdownText('one\r\ntwo')).toBe('one\ntwo');
		expect(markdownLine('one\n# two\r\n- three')).toBe('one \\# two - three');
		expect(markdownLine('- one\ntwo')).toBe('\\- one two');
	});
});

describe('codeFence', () => {
	it('is longer than any run of backticks in the code', () => {
		expect(codeFence('plain')).toBe('```');
		expect(codeFence('```\n<script>')).toBe('````');
		expect(codeFence('a ````` b')).toBe('``````');
	});
});
