// Reading a Word file into the editor's content: the file is checked (guard.ts) before mammoth, loaded on
// first use, reads it; mammoth's HTML becomes the editor's content (src/lib/domain/word-html.ts), with a
// report of what the editor cannot hold.
import { inflateRawSync } from 'node:zlib';
import { Invalid } from '../../errors.ts';
import { documentSchema } from '../../../domain/document-schema.ts';
import { wordHtmlToContent, type ImportReport } from '../../../domain/word-html.ts';
import type { PMNode } from '../../../domain/templates/build.ts';
import { checkWordFile, zipEntries } from './guard.ts';

export const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

const STYLE_MAP = [
	'u => u',
	'strike => s',
	"p[style-name='Title'] => h1:fresh",
	"p[style-name='Subtitle'] => h2:fresh",
	// The title page of a file Parity exported (export/docx.ts): not part of the text.
	"p[style-name='Parity cover title'] => !",
	"p[style-name='Parity cover'] => !"
];

/** Parts of a Word file the editor has no place for, by the name of their part in the zip. */
const PARTS: [RegExp, string][] = [
	[/^word\/comments\.xml$/, 'comments (add them again in Parity)'],
	[/^word\/(header|footer)\d*\.xml$/, 'headers and footers'],
	[/^word\/embeddings\//, 'embedded files'],
	[/^word\/charts\//, 'charts']
];

export type WordImport = { content: PMNode; report: ImportReport; title: string | null };

/** A part's text (for the file's own title in docProps/core.xml); null when absent or unreadable. */
function partText(buf: Buffer, name: string): string | null {
	const e = zipEntries(buf).find((x) => x.name === name);
	if (!e) return null;
	const start = e.offset + 30 + buf.readUInt16LE(e.offset + 26) + buf.readUInt16LE(e.offset + 28);
	const data = buf.subarray(start, start + e.compressed);
	try {
		return (e.method === 0 ? data : inflateRawSync(data, { maxOutputLength: e.size + 1 })).toString('utf8');
	} catch {
		return null;
	}
}

function fileTitle(buf: Buffer): string | null {
	const core = partText(buf, 'docProps/core.xml');
	const m = core && /<dc:title>([^<]*)<\/dc:title>/.exec(core);
	const title = m?.[1]
		.replace(/&lt;/g, '<')
		.replace(/&gt;/g, '>')
		.replace(/&quot;/g, '"')
		.replace(/&apos;/g, "'")
		.replace(/&amp;/g, '&')
		.trim();
	return title || null;
}

/** Whether the file is one Parity exported: its styles hold the title page's style. */
function isParityExport(buf: Buffer): boolean {
	return partText(buf, 'word/styles.xml')?.includes('w:val="Parity cover"') ?? false;
}

/** Reads a Word file; refuses (4xx domain errors) a file that is not a safe .docx or cannot be read. */
export async function readWordFile(buf: Buffer): Promise<WordImport> {
	const parts = checkWordFile(buf);
	const mammoth = (await import('mammoth')).default;
	let html: string;
	let messages: { type: string; message: string }[];
	try {
		const result = await mammoth.convertToHtml(
			{ buffer: buf },
			{
				styleMap: STYLE_MAP,
				externalFileAccess: false,
				// Images are dropped: keep a marker without reading their bytes.
				convertImage: mammoth.images.imgElement(async () => ({ src: '' }))
			}
		);
		html = result.value;
		messages = result.messages;
	} catch {
		throw new Invalid(
			'This Word file could not be read: it may be damaged. Open it in Word, save it again, and try again.',
			{ file: 'The file could not be read.' },
			'unreadable_docx'
		);
	}
	const { content, report } = wordHtmlToContent(html);
	try {
		documentSchema().nodeFromJSON(content).check();
	} catch {
		throw new Invalid(
			'This Word file holds a layout the editor cannot take in. Simplify it (for example, tables inside tables) and try again.',
			{ file: 'The file could not be taken in.' },
			'unreadable_docx'
		);
	}
	// Parity's own exports carry their cover sheet in the footer; it is not part of the text either.
	const fromParity = isParityExport(buf);
	for (const [re, what] of PARTS)
		if (parts.some((p) => re.test(p)) && !(fromParity && what === 'headers and footers'))
			report.dropped.push(what);
	const styles = new Set<string>();
	for (const m of messages) {
		const style = /^Unrecognised (paragraph|run) style: '([^']*)'/.exec(m.message);
		if (style) styles.add(style[2]);
	}
	if (styles.size)
		report.dropped.push(
			`the look of Word styles ${[...styles]
				.slice(0, 10)
				.map((s) => `"${s}"`)
				.join(', ')}${styles.size > 10 ? ' and others' : ''} (their text is kept)`
		);
	return { content, report, title: fileTitle(buf) };
}
