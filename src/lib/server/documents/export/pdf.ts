// A document's blocks (src/lib/domain/render/nodes.ts) as a tagged PDF, written with pdfkit (loaded on first
// use) and the embedded DejaVu fonts: A4, a title page with the cover sheet, then the text. The structure tree
// holds the headings (H1–H6), paragraphs, lists (L, LI, Lbl, LBody) and tables (Table, TR, TH, TD) in reading
// order, with the language and the title; borders and footers are artifacts. Headings are bookmarks too. Every
// page's footer says which document and version it is, with the SHA-256 and "Page n of m".
import { createRequire } from 'node:module';
import path from 'node:path';
import type { DocNode, Mark } from '../../../domain/render/nodes.ts';
import { nodeText } from '../../../domain/render/nodes.ts';
import { coverLines, footerLine, type CoverSheet } from './sheet.ts';

type Pdf = PDFKit.PDFDocument;
type Struct = PDFKit.PDFStructureElement;

const FONT_DIR = path.join(
	path.dirname(createRequire(import.meta.url).resolve('dejavu-fonts-ttf/package.json')),
	'ttf'
);
const FONTS = {
	regular: 'DejaVuSans.ttf',
	bold: 'DejaVuSans-Bold.ttf',
	italic: 'DejaVuSans-Oblique.ttf',
	boldItalic: 'DejaVuSans-BoldOblique.ttf',
	mono: 'DejaVuSansMono.ttf'
} as const;
type Font = keyof typeof FONTS;

const MARGIN = 57; // 2 cm
const FOOTER = 48;
const BODY_SIZE = 10.5;
const HEADING_SIZES = [0, 18, 15, 13, 12, 11, 11];
const LINK_COLOUR = '#1d4f91';
const TEXT_COLOUR = '#1a1a1a';

/** A part of a PDF: a cover sheet (its own title page) and the blocks after it. Board packs have several. */
export type PdfPart = { sheet: CoverSheet; blocks: DocNode[] };

function fontOf(marks: Mark[] | undefined): Font {
	const has = (t: Mark['type']) => marks?.some((m) => m.type === t) ?? false;
	if (has('code')) return 'mono';
	if (has('bold') && has('italic')) return 'boldItalic';
	if (has('bold')) return 'bold';
	if (has('italic')) return 'italic';
	return 'regular';
}

class Writer {
	private headingCount = 0;
	private doc: Pdf;
	private root: Struct;
	constructor(doc: Pdf, root: Struct) {
		this.doc = doc;
		this.root = root;
	}

	private get left() {
		return this.doc.page.margins.left;
	}
	private get width() {
		return this.doc.page.width - this.doc.page.margins.left - this.doc.page.margins.right;
	}
	private get bottom() {
		return this.doc.page.height - this.doc.page.margins.bottom;
	}

	/** Starts a new page when less than `height` is left on this one. */
	private room(height: number) {
		if (this.doc.y + height > this.bottom) this.doc.addPage();
	}

	/** Writes inline content at (x, current y) within `width`; an empty block still takes a line. */
	private inline(
		nodes: DocNode[] | undefined,
		x: number,
		width: number,
		size: number,
		base: Font = 'regular'
	) {
		const doc = this.doc;
		const pieces: { text: string; font: Font; href?: string; underline: boolean; strike: boolean }[] = [];
		for (const n of nodes ?? []) {
			if (n.type === 'hardBreak') pieces.push({ text: '\n', font: base, underline: false, strike: false });
			if (n.type !== 'text' || !n.text) continue;
			const link = n.marks?.find((m): m is Extract<Mark, { type: 'link' }> => m.type === 'link');
			const font = fontOf(n.marks);
			pieces.push({
				text: n.text,
				font:
					base === 'bold' && font === 'regular'
						? 'bold'
						: base === 'bold' && font === 'italic'
							? 'boldItalic'
							: font,
				href: link?.attrs.href,
				underline: !!link || (n.marks?.some((m) => m.type === 'underline') ?? false),
				strike: n.marks?.some((m) => m.type === 'strike') ?? false
			});
		}
		if (!pieces.length) pieces.push({ text: ' ', font: base, underline: false, strike: false });
		doc.fontSize(size);
		pieces.forEach((p, i) => {
			doc.font(p.font).fillColor(p.href ? LINK_COLOUR : TEXT_COLOUR);
			const options: PDFKit.Mixins.TextOptions = {
				width,
				continued: i < pieces.length - 1,
				link: p.href ?? null,
				underline: p.underline,
				strike: p.strike,
				lineGap: 2
			};
			if (i === 0) doc.text(p.text, x, doc.y, options);
			else doc.text(p.text, options);
		});
		doc.fillColor(TEXT_COLOUR);
	}

	private tagged(parent: Struct, type: string, draw: () => void) {
		parent.add(this.doc.struct(type, {}, draw));
	}

	heading(parent: Struct, node: DocNode) {
		const level = Math.min(6, Math.max(1, node.attrs?.level ?? 2));
		this.room(HEADING_SIZES[level] * 4);
		this.doc.moveDown(level <= 2 ? 0.8 : 0.5);
		const text = nodeText(node);
		if (text.trim()) this.doc.outline.addItem(text.slice(0, 120));
		this.headingCount++;
		this.tagged(parent, `H${level}`, () =>
			this.inline(node.content, this.left, this.width, HEADING_SIZES[level], 'bold')
		);
		this.doc.moveDown(0.3);
	}

	paragraph(parent: Struct, node: DocNode, x = this.left, width = this.width) {
		this.tagged(parent, 'P', () => this.inline(node.content, x, width, BODY_SIZE));
		this.doc.moveDown(0.4);
	}

	list(parent: Struct, node: DocNode, depth: number, x: number) {
		const doc = this.doc;
		const listStruct = doc.struct('L');
		parent.add(listStruct);
		let n = node.attrs?.start ?? 1;
		const indent = 18;
		for (const item of node.content ?? []) {
			const marker =
				node.type === 'orderedList'
					? `${depth % 3 === 1 ? String.fromCharCode(96 + (((n - 1) % 26) + 1)) : n}.`
					: ['•', '◦', '▪'][depth % 3];
			n++;
			this.room(BODY_SIZE * 2);
			const li = doc.struct('LI');
			listStruct.add(li);
			const y = doc.y;
			li.add(
				doc.struct('Lbl', {}, () => {
					doc.font('regular').fontSize(BODY_SIZE).fillColor(TEXT_COLOUR);
					doc.text(marker, x, y, { width: indent, lineBreak: false });
				})
			);
			doc.y = y;
			const body = doc.struct('LBody');
			li.add(body);
			const children = item.content ?? [];
			if (!children.length)
				this.paragraph(body, { type: 'paragraph' }, x + indent, this.width - (x + indent - this.left));
			for (const child of children) this.block(body, child, depth + 1, x + indent);
			doc.moveDown(-0.2);
		}
		doc.moveDown(0.4);
	}

	table(parent: Struct, node: DocNode, x: number) {
		const doc = this.doc;
		const rows = (node.content ?? []).filter((r) => r.content?.length);
		if (!rows.length) return;
		const columns = Math.max(...rows.map((r) => r.content!.reduce((s, c) => s + (c.attrs?.colspan ?? 1), 0)));
		const width = this.width - (x - this.left);
		const colWidth = width / columns;
		const pad = 4;
		const size = BODY_SIZE - 1;
		const cellText = (c: DocNode) =>
			(c.content ?? [])
				.map((b) => nodeText(b))
				.join('\n')
				.trim();
		const heights = (r: DocNode) =>
			Math.max(
				...r.content!.map((c) => {
					doc.font(c.type === 'tableHeader' ? 'bold' : 'regular').fontSize(size);
					const w = colWidth * (c.attrs?.colspan ?? 1) - 2 * pad;
					return doc.heightOfString(cellText(c) || ' ', { width: w, lineGap: 1 }) + 2 * pad;
				})
			);
		const header = rows.filter((r) => r.content!.every((c) => c.type === 'tableHeader'));
		const tableStruct = doc.struct('Table');
		parent.add(tableStruct);
		const drawRow = (r: DocNode) => {
			const h = heights(r);
			if (doc.y + h > this.bottom) {
				doc.addPage();
				// The header rows again at the top of the next page, as artifacts (read once).
				if (header.length && !header.includes(r)) for (const hr of header) drawCells(hr, heights(hr), null);
			}
			const tr = doc.struct('TR');
			tableStruct.add(tr);
			drawCells(r, h, tr);
		};
		// Columns still taken by a cell of an earlier row that spans down (rows left), so cells stay in their columns.
		const taken = new Array<number>(columns).fill(0);
		const drawCells = (r: DocNode, h: number, tr: Struct | null) => {
			const y = doc.y;
			let col = 0;
			const free = taken.map((n) => n > 0);
			if (tr) for (let i = 0; i < columns; i++) taken[i] = Math.max(0, taken[i] - 1);
			for (const c of r.content!) {
				while (col < columns && free[col]) col++;
				const span = Math.min(c.attrs?.colspan ?? 1, Math.max(1, columns - col));
				if (tr && (c.attrs?.rowspan ?? 1) > 1)
					for (let i = col; i < col + span; i++) taken[i] = (c.attrs?.rowspan ?? 1) - 1;
				const cx = x + col * colWidth;
				const w = colWidth * span;
				col += span;
				doc.markContent('Artifact', { type: 'Layout' });
				if (c.type === 'tableHeader') doc.rect(cx, y, w, h).fillAndStroke('#eef1f5', '#8a8f98');
				else doc.rect(cx, y, w, h).lineWidth(0.5).stroke('#8a8f98');
				doc.endMarkedContent();
				const draw = () => {
					doc
						.font(c.type === 'tableHeader' ? 'bold' : 'regular')
						.fontSize(size)
						.fillColor(TEXT_COLOUR);
					doc.text(cellText(c) || ' ', cx + pad, y + pad, { width: w - 2 * pad, lineGap: 1 });
				};
				if (tr) tr.add(doc.struct(c.type === 'tableHeader' ? 'TH' : 'TD', {}, draw));
				else {
					doc.markContent('Artifact', { type: 'Pagination' });
					draw();
					doc.endMarkedContent();
				}
			}
			doc.x = this.left;
			doc.y = y + h;
		};
		for (const r of rows) drawRow(r);
		doc.x = this.left;
		doc.moveDown(0.6);
	}

	block(parent: Struct, node: DocNode, depth = 0, x = this.left) {
		const width = this.width - (x - this.left);
		switch (node.type) {
			case 'heading':
				return this.heading(parent, node);
			case 'paragraph':
				return this.paragraph(parent, node, x, width);
			case 'bulletList':
			case 'orderedList':
				return this.list(parent, node, depth, x);
			case 'table':
				return this.table(parent, node, x);
			case 'blockquote': {
				const quote = this.doc.struct('BlockQuote');
				parent.add(quote);
				for (const b of node.content ?? []) this.block(quote, b, depth, x + 18);
				return;
			}
			case 'codeBlock':
				this.tagged(parent, 'Code', () => {
					this.doc
						.font('mono')
						.fontSize(BODY_SIZE - 1)
						.text(nodeText(node), x, this.doc.y, { width });
				});
				this.doc.moveDown(0.4);
				return;
			case 'horizontalRule': {
				const y = this.doc.y + 4;
				this.doc.markContent('Artifact', { type: 'Layout' });
				this.doc
					.moveTo(x, y)
					.lineTo(x + width, y)
					.lineWidth(0.5)
					.stroke('#8a8f98');
				this.doc.endMarkedContent();
				this.doc.moveDown(1);
				return;
			}
			default:
				if (node.content?.some((c) => c.type !== 'text' && c.type !== 'hardBreak'))
					for (const b of node.content) this.block(parent, b, depth, x);
				else this.paragraph(parent, node, x, width);
		}
	}

	cover(sheet: CoverSheet) {
		const doc = this.doc;
		const section = doc.struct('Sect');
		this.root.add(section);
		doc.y = doc.page.margins.top + 120;
		doc.outline.addItem(sheet.title.slice(0, 120));
		this.tagged(section, 'H1', () => {
			doc
				.font('bold')
				.fontSize(24)
				.fillColor(TEXT_COLOUR)
				.text(sheet.title, this.left, doc.y, { width: this.width });
		});
		doc.moveDown(1.5);
		for (const [label, value] of coverLines(sheet))
			this.tagged(section, 'P', () => {
				doc
					.font('bold')
					.fontSize(11)
					.text(`${label}: `, this.left, doc.y, { continued: true, width: this.width });
				doc
					.font(label === 'SHA-256' ? 'mono' : 'regular')
					.fontSize(label === 'SHA-256' ? 9.5 : 11)
					.text(value);
				doc.moveDown(0.3);
			});
		return section;
	}
}

/** The PDF of one or more parts, each with its title page; `title` names the whole file. */
export async function partsToPdf(parts: PdfPart[], title = parts[0].sheet.title): Promise<Buffer> {
	const PDFDocument = (await import('pdfkit')).default;
	const first = parts[0].sheet;
	const doc = new PDFDocument({
		size: 'A4',
		margins: { top: MARGIN, left: MARGIN, right: MARGIN, bottom: MARGIN + FOOTER },
		tagged: true,
		lang: first.lang,
		displayTitle: true,
		pdfVersion: '1.7',
		bufferPages: true,
		autoFirstPage: false,
		info: {
			Title: title,
			Author: first.partnership,
			Subject: `${first.kind} · ${first.status} · ${first.version} · SHA-256 ${first.hash}`,
			Creator: 'Parity'
		}
	});
	const chunks: Buffer[] = [];
	doc.on('data', (c: Buffer) => chunks.push(c));
	const done = new Promise<void>((resolve, reject) => {
		doc.on('end', resolve);
		doc.on('error', reject);
	});
	for (const [name, file] of Object.entries(FONTS)) doc.registerFont(name, path.join(FONT_DIR, file));
	const root = doc.struct('Document');
	doc.addStructure(root);
	const writer = new Writer(doc, root);
	/** Which part each page belongs to, for its footer. */
	const pageParts: CoverSheet[] = [];
	for (const part of parts) {
		const from = doc.bufferedPageRange().count;
		doc.addPage();
		const section = writer.cover(part.sheet);
		if (part.blocks.length) {
			doc.addPage();
			for (const b of part.blocks) writer.block(section, b);
		}
		for (let i = from; i < doc.bufferedPageRange().count; i++) pageParts[i] = part.sheet;
	}
	const { start, count } = doc.bufferedPageRange();
	for (let i = start; i < start + count; i++) {
		doc.switchToPage(i);
		const sheet = pageParts[i] ?? first;
		const bottom = doc.page.margins.bottom;
		doc.page.margins.bottom = 0;
		const y = doc.page.height - MARGIN - FOOTER + 20;
		const width = doc.page.width - 2 * MARGIN;
		doc.markContent('Artifact', { type: 'Pagination' });
		doc
			.moveTo(MARGIN, y - 6)
			.lineTo(MARGIN + width, y - 6)
			.lineWidth(0.5)
			.stroke('#8a8f98');
		doc.font('regular').fontSize(7.5).fillColor('#444444');
		doc.text(footerLine(sheet), MARGIN, y, { width, lineBreak: true, height: 20, ellipsis: true });
		doc
			.font('mono')
			.fontSize(7)
			.text(`SHA-256 ${sheet.hash}`, MARGIN, y + 20, { width: width - 80, lineBreak: false });
		doc
			.font('regular')
			.fontSize(8)
			.text(`Page ${i + 1} of ${count}`, MARGIN + width - 80, y + 20, {
				width: 80,
				align: 'right',
				lineBreak: false
			});
		doc.endMarkedContent();
		doc.page.margins.bottom = bottom;
	}
	root.end();
	doc.end();
	await done;
	return Buffer.concat(chunks);
}

/** The PDF of a document's blocks with its cover sheet. */
export async function toPdf(blocks: DocNode[], sheet: CoverSheet): Promise<Buffer> {
	return await partsToPdf([{ sheet, blocks }]);
}
