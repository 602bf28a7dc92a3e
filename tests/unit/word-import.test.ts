import { describe, expect, it } from 'vitest';
import { readWordFile } from '../../src/lib/server/documents/word/import.ts';
import { checkWordFile } from '../../src/lib/server/documents/word/guard.ts';
import { wordHtmlToContent } from '../../src/lib/domain/word-html.ts';
import { encryptedWordFile, everyConstructDocx, handmadeZip } from '../fixtures/word.ts';

const text = (t: string, marks?: object[]) =>
	marks ? { type: 'text', text: t, marks } : { type: 'text', text: t };
const p = (...content: object[]) => ({ type: 'paragraph', content });
const item = (...content: object[]) => ({ type: 'listItem', content });

/** The error a function throws, for its status and code. */
async function refusal(fn: () => unknown): Promise<{ status: number; code: string; message: string }> {
	try {
		await fn();
	} catch (e) {
		return e as { status: number; code: string; message: string };
	}
	throw new Error('not refused');
}

describe('reading a Word file into the editor', () => {
	it('keeps headings, paragraphs, nested lists, tables, bold, italic, links and footnotes; reports the image', async () => {
		const { content, report, title } = await readWordFile(await everyConstructDocx());
		expect(title).toBe('Involvement payments policy');
		expect(report).toEqual({ dropped: ['1 image'], notes: 2 });
		expect(content.content).toEqual([
			{ type: 'heading', attrs: { level: 1 }, content: [text('Involvement payments')] },
			p(
				text('People with lived experience are paid '),
				text('on the day', [{ type: 'bold' }]),
				text(' for their '),
				text('time', [{ type: 'italic' }]),
				text('.[1]')
			),
			{ type: 'heading', attrs: { level: 2 }, content: [text('Rates')] },
			{
				type: 'bulletList',
				content: [
					item(p(text('Meetings')), { type: 'bulletList', content: [item(p(text('Up to two hours')))] }),
					item(p(text('Workshops')))
				]
			},
			{
				type: 'orderedList',
				attrs: { start: 1 },
				content: [
					item(p(text('Claim the payment')), {
						type: 'orderedList',
						attrs: { start: 1 },
						content: [item(p(text('Online')))]
					}),
					item(p(text('Receive it within 5 days')))
				]
			},
			{
				type: 'table',
				content: [
					{
						type: 'tableRow',
						content: [
							{ type: 'tableHeader', content: [p(text('Activity'))] },
							{ type: 'tableHeader', content: [p(text('Rate'))] }
						]
					},
					{
						type: 'tableRow',
						content: [
							{ type: 'tableCell', content: [p(text('Meeting'))] },
							{ type: 'tableCell', content: [p(text('£25 an hour — café'))] }
						]
					}
				]
			},
			p(
				text('Read '),
				text('the NHS guidance', [
					{ type: 'link', attrs: { href: 'https://www.england.nhs.uk/get-involved/' } }
				]),
				text('.[2]')
			),
			{ type: 'heading', attrs: { level: 2 }, content: [text('Notes')] },
			{
				type: 'orderedList',
				attrs: { start: 1 },
				content: [
					item(p(text('Set by the partnership board in March.'))),
					item(p(text('See the national guidance.')))
				]
			}
		]);
	});

	it('keeps the text of what it cannot hold and escapes nothing twice', () => {
		const { content, report } = wordHtmlToContent(
			'<p>A &amp; B &lt;tag&gt; x<sup>2</sup> <a href="#_Toc1">see below</a> <a href="javascript:alert(1)">no</a></p><p></p>'
		);
		expect(content.content).toEqual([p(text('A & B <tag> x2 see below no'))]);
		expect(report.dropped).toEqual([
			'1 superscript or subscript (kept as plain text)',
			'2 links to places inside the file (kept as text)'
		]);
	});
});

describe('refusing files that are not a safe Word file', () => {
	it('refuses an older or password-protected Word file, a renamed binary and a damaged zip', async () => {
		expect(await refusal(() => checkWordFile(encryptedWordFile()))).toMatchObject({
			status: 422,
			code: 'password_protected'
		});
		const doc = encryptedWordFile();
		doc.fill(0, 1024);
		expect(await refusal(() => checkWordFile(doc))).toMatchObject({ status: 422, code: 'not_docx' });
		expect(await refusal(() => checkWordFile(Buffer.from('%PDF-1.7 not a word file')))).toMatchObject({
			status: 422,
			code: 'not_docx'
		});
		// A zip that is not a Word document.
		const zip = handmadeZip([{ name: 'readme.txt', data: Buffer.from('hello') }]);
		expect(await refusal(() => checkWordFile(zip))).toMatchObject({ code: 'not_docx' });
		const real = await everyConstructDocx();
		expect(await refusal(() => readWordFile(real.subarray(0, real.length - 100)))).toMatchObject({
			status: 422
		});
	});

	it('refuses a file over 10 MB and zip bombs, whether they declare their size or lie about it', async () => {
		expect(await refusal(() => checkWordFile(Buffer.alloc(10 * 1024 * 1024 + 1)))).toMatchObject({
			status: 413
		});
		const zeros = Buffer.alloc(20 * 1024 * 1024);
		const honest = handmadeZip([
			{ name: 'word/document.xml', data: Buffer.from('<w:document/>') },
			{ name: 'word/media/big.bin', data: zeros }
		]);
		expect(honest.length).toBeLessThan(100_000);
		expect(await refusal(() => checkWordFile(honest))).toMatchObject({ status: 413, code: 'zip_bomb' });
		const liar = handmadeZip([
			{ name: 'word/document.xml', data: Buffer.from('<w:document/>') },
			{ name: 'word/media/big.bin', data: zeros, declared: 1000 }
		]);
		expect(await refusal(() => checkWordFile(liar))).toMatchObject({ status: 413, code: 'zip_bomb' });
	});
});
