// A document's blocks (src/lib/domain/render/nodes.ts) as a Word file, written with `docx` (loaded on first
// use): an A4 title page with the cover sheet, then the text with Word's own heading styles (so the navigation
// pane lists them), real numbered and bulleted lists, and tables with header rows; every page's footer says
// which document and version it is, with the SHA-256 and the page number. The title page uses Parity's own
// paragraph styles, which a Word import leaves out, so an exported file imports back to the same text.
import type { DocNode, Mark } from '../../../domain/render/nodes.ts';
import { coverLines, footerLine, type CoverSheet } from './sheet.ts';

type Docx = typeof import('docx');
type Child = import('docx').Paragraph | import('docx').Table;
type Inline = import('docx').ParagraphChild;

/**
 * What a member may add to a Word download of the current text: open threads as Word comments (by thread id,
 * each comment of the thread with its author) and open suggestions as tracked changes (by suggestion id).
 */
export type Annotations = {
	threads: Record<string, { author: string; date: number; body: string }[]>;
	suggestions: Record<string, { author: string; date: number }>;
};

/** The paragraph styles of the title page; a Word import of an exported file leaves them out. */
export const COVER_STYLES = { title: 'Parity cover title', line: 'Parity cover' } as const;

const A4 = { width: 11906, height: 16838 };
const MARGIN = 1134; // 2 cm
const BULLETS = ['•', '◦', '▪', '•', '◦', '▪', '•', '◦', '▪'];
const NUMBER_FORMATS = ['DECIMAL', 'LOWER_LETTER', 'LOWER_ROMAN'] as const;

/** Turns threads into Word comments and suggestions into tracked changes while the runs are written. */
class Marks {
	comments = new Map<string, number>();
	/** The last text piece of each thread, where its comment range ends. */
	last = new Map<string, DocNode>();
	private change = 1;
	readonly annotations: Annotations | null;
	constructor(annotations: Annotations | null, blocks: DocNode[]) {
		this.annotations = annotations;
		const walk = (n: DocNode) => {
			for (const p of n.passages ?? []) if (p.kind === 'thread') this.last.set(p.id, n);
			n.content?.forEach(walk);
		};
		if (annotations) blocks.forEach(walk);
	}
	commentId(threadId: string): number {
		if (!this.comments.has(threadId)) this.comments.set(threadId, this.comments.size);
		return this.comments.get(threadId)!;
	}
	changeOf(suggestionId: string) {
		const s = this.annotations?.suggestions[suggestionId];
		return {
			id: 10_000 + this.change++,
			author: s?.author ?? 'Parity',
			date: new Date(s?.date ?? 0).toISOString()
		};
	}
}

function runs(d: Docx, nodes: DocNode[] | undefined, marks: Marks): Inline[] {
	const out: Inline[] = [];
	const on = !!marks.annotations;
	for (const n of nodes ?? []) {
		if (n.type === 'hardBreak') out.push(new d.TextRun({ text: '', break: 1 }));
		if (n.type === 'suggestionInsert' && on && n.text) {
			const s = n.passages?.find((p) => p.kind === 'suggestion');
			if (s) out.push(new d.InsertedTextRun({ text: n.text, ...marks.changeOf(s.id) }));
		}
		if (n.type !== 'text' || !n.text) continue;
		const threads = on ? (n.passages ?? []).filter((p) => p.kind === 'thread') : [];
		for (const t of threads)
			if (!marks.comments.has(t.id)) out.push(new d.CommentRangeStart(marks.commentId(t.id)));
		const suggestion = on ? n.passages?.find((p) => p.kind === 'suggestion') : undefined;
		const has = (t: Mark['type']) => n.marks?.some((m) => m.type === t) ?? false;
		const link = n.marks?.find((m): m is Extract<Mark, { type: 'link' }> => m.type === 'link');
		const options = {
			text: n.text,
			bold: has('bold') || undefined,
			italics: has('italic') || undefined,
			underline: has('underline') ? {} : undefined,
			strike: has('strike') || undefined,
			font: has('code') ? 'Courier New' : undefined,
			style: link ? 'Hyperlink' : undefined
		};
		if (suggestion) out.push(new d.DeletedTextRun({ ...options, ...marks.changeOf(suggestion.id) }));
		else {
			const run = new d.TextRun(options);
			out.push(link ? new d.ExternalHyperlink({ link: link.attrs.href, children: [run] }) : run);
		}
		for (const t of threads)
			if (marks.last.get(t.id) === n) {
				const id = marks.commentId(t.id);
				out.push(new d.CommentRangeEnd(id), new d.TextRun({ children: [new d.CommentReference(id)] }));
			}
	}
	return out;
}

/** Builds the Word content of the blocks; ordered lists each get their own numbering instance. */
function builder(d: Docx, marks: Marks) {
	let instance = 0;
	const HEADINGS = [
		d.HeadingLevel.HEADING_1,
		d.HeadingLevel.HEADING_2,
		d.HeadingLevel.HEADING_3,
		d.HeadingLevel.HEADING_4,
		d.HeadingLevel.HEADING_5,
		d.HeadingLevel.HEADING_6
	];

	const list = (node: DocNode, level: number, out: Child[]) => {
		const ordered = node.type === 'orderedList';
		const inst = ordered ? ++instance : 0;
		for (const item of node.content ?? []) {
			let first = true;
			for (const child of item.content ?? []) {
				if (child.type === 'bulletList' || child.type === 'orderedList') {
					list(child, Math.min(8, level + 1), out);
					continue;
				}
				if (first && child.type === 'paragraph') {
					out.push(
						new d.Paragraph({
							children: runs(d, child.content, marks),
							numbering: ordered
								? { reference: 'numbered', level, instance: inst }
								: { reference: 'bulleted', level }
						})
					);
				} else block(child, out, { indent: 720 * (level + 1) });
				first = false;
			}
			if (first) out.push(new d.Paragraph({ numbering: { reference: 'bulleted', level } }));
		}
	};

	const cell = (c: DocNode): import('docx').TableCell => {
		const children: Child[] = [];
		for (const b of c.content ?? []) block(b, children);
		return new d.TableCell({
			children: children.length ? children : [new d.Paragraph('')],
			columnSpan: c.attrs?.colspan,
			rowSpan: c.attrs?.rowspan
		});
	};

	const block = (node: DocNode, out: Child[], opts: { indent?: number } = {}) => {
		const indent = opts.indent ? { left: opts.indent } : undefined;
		switch (node.type) {
			case 'heading':
				out.push(
					new d.Paragraph({
						children: runs(d, node.content, marks),
						heading: HEADINGS[Math.min(6, Math.max(1, node.attrs?.level ?? 2)) - 1]
					})
				);
				return;
			case 'paragraph':
				out.push(new d.Paragraph({ children: runs(d, node.content, marks), indent }));
				return;
			case 'bulletList':
			case 'orderedList':
				list(node, 0, out);
				return;
			case 'blockquote':
				for (const b of node.content ?? []) block(b, out, { indent: (opts.indent ?? 0) + 720 });
				return;
			case 'codeBlock':
				for (const line of (node.content ?? [])
					.map((t) => t.text ?? '')
					.join('')
					.split('\n'))
					out.push(
						new d.Paragraph({ children: [new d.TextRun({ text: line, font: 'Courier New' })], indent })
					);
				return;
			case 'horizontalRule':
				out.push(
					new d.Paragraph({
						border: { bottom: { style: d.BorderStyle.SINGLE, size: 6, color: '999999', space: 1 } }
					})
				);
				return;
			case 'table': {
				const rows = (node.content ?? []).filter((r) => r.content?.length);
				if (!rows.length) return;
				out.push(
					new d.Table({
						width: { size: 100, type: d.WidthType.PERCENTAGE },
						rows: rows.map(
							(r) =>
								new d.TableRow({
									tableHeader: r.content!.every((c) => c.type === 'tableHeader') || undefined,
									children: r.content!.map(cell)
								})
						)
					})
				);
				out.push(new d.Paragraph(''));
				return;
			}
			default:
				// Content the editor does not know: keep its blocks, or its text.
				if (node.content?.some((c) => c.type !== 'text' && c.type !== 'hardBreak'))
					for (const b of node.content) block(b, out, opts);
				else out.push(new d.Paragraph({ children: runs(d, node.content, marks), indent }));
		}
	};
	return { block };
}

/** The Word file of the blocks with the cover sheet. */
export async function toDocx(
	blocks: DocNode[],
	sheet: CoverSheet,
	annotations: Annotations | null = null
): Promise<Buffer> {
	const d: Docx = await import('docx');
	const marks = new Marks(annotations, blocks);
	const { block } = builder(d, marks);
	const body: Child[] = [];
	for (const b of blocks) block(b, body);
	const comments = [...marks.comments].map(([threadId, id]) => {
		const thread = annotations?.threads[threadId] ?? [];
		return {
			id,
			author: thread[0]?.author ?? 'Parity',
			date: new Date(thread[0]?.date ?? 0),
			children: (thread.length ? thread : [{ author: '', date: 0, body: '' }]).map(
				(c, i) => new d.Paragraph(i === 0 ? c.body : `${c.author}: ${c.body}`)
			)
		};
	});

	const cover: Child[] = [
		new d.Paragraph({ style: 'ParityCoverTitle', children: [new d.TextRun(sheet.title)] }),
		...coverLines(sheet).map(
			([label, value]) =>
				new d.Paragraph({
					style: 'ParityCover',
					children: [new d.TextRun({ text: `${label}: `, bold: true }), new d.TextRun(value)]
				})
		)
	];
	const footer = new d.Footer({
		children: [
			new d.Paragraph({
				style: 'ParityCover',
				children: [new d.TextRun({ text: footerLine(sheet), size: 16 })]
			}),
			new d.Paragraph({
				style: 'ParityCover',
				children: [
					new d.TextRun({ text: `SHA-256 ${sheet.hash}`, size: 14 }),
					new d.TextRun({
						children: ['\tPage ', d.PageNumber.CURRENT, ' of ', d.PageNumber.TOTAL_PAGES],
						size: 16
					})
				],
				tabStops: [{ type: d.TabStopType.RIGHT, position: A4.width - 2 * MARGIN }]
			})
		]
	});
	const page = {
		size: A4,
		margin: { top: MARGIN, bottom: MARGIN, left: MARGIN, right: MARGIN, footer: 567 }
	};
	const levels = (kind: 'bullet' | 'number') =>
		Array.from({ length: 9 }, (_, level) => ({
			level,
			format: kind === 'bullet' ? d.LevelFormat.BULLET : d.LevelFormat[NUMBER_FORMATS[level % 3]],
			text: kind === 'bullet' ? BULLETS[level] : `%${level + 1}.`,
			alignment: d.AlignmentType.START,
			style: { paragraph: { indent: { left: 720 * (level + 1), hanging: 360 } } }
		}));
	const doc = new d.Document({
		title: sheet.title,
		creator: sheet.partnership,
		comments: comments.length ? { children: comments } : undefined,
		description: `${sheet.kind} · ${sheet.status} · ${sheet.version} · SHA-256 ${sheet.hash}`,
		styles: {
			default: { document: { run: { font: 'Calibri', size: 22 } } },
			paragraphStyles: [
				{
					id: 'ParityCoverTitle',
					name: COVER_STYLES.title,
					basedOn: 'Normal',
					run: { size: 48, bold: true },
					paragraph: { spacing: { before: 2400, after: 480 } }
				},
				{
					id: 'ParityCover',
					name: COVER_STYLES.line,
					basedOn: 'Normal',
					paragraph: { spacing: { after: 120 } }
				}
			]
		},
		numbering: {
			config: [
				{ reference: 'bulleted', levels: levels('bullet') },
				{ reference: 'numbered', levels: levels('number') }
			]
		},
		sections: [
			{ properties: { page }, footers: { default: footer }, children: cover },
			{
				properties: { page, type: d.SectionType.NEXT_PAGE },
				footers: { default: footer },
				children: body.length ? body : [new d.Paragraph('')]
			}
		]
	});
	return await d.Packer.toBuffer(doc);
}
