// Small builders for ProseMirror/Tiptap JSON, so templates read like outlines.

export type PMNode = {
	type: string;
	attrs?: Record<string, unknown>;
	content?: PMNode[];
	text?: string;
	marks?: { type: string; attrs?: Record<string, unknown> }[];
};

/** Inline text with **bold**, _italic_ and [link text](https://…) spans. */
export function inline(s: string): PMNode[] {
	const out: PMNode[] = [];
	const re = /\*\*(.+?)\*\*|_(.+?)_|\[([^\]]+)\]\((https?:\/\/[^\s)]+)\)/g;
	let last = 0;
	for (let m = re.exec(s); m; m = re.exec(s)) {
		if (m.index > last) out.push({ type: 'text', text: s.slice(last, m.index) });
		if (m[3] !== undefined)
			out.push({ type: 'text', text: m[3], marks: [{ type: 'link', attrs: { href: m[4] } }] });
		else out.push({ type: 'text', text: m[1] ?? m[2], marks: [{ type: m[1] ? 'bold' : 'italic' }] });
		last = m.index + m[0].length;
	}
	if (last < s.length) out.push({ type: 'text', text: s.slice(last) });
	return out;
}

export const h = (level: 1 | 2 | 3, text: string): PMNode => ({
	type: 'heading',
	attrs: { level },
	content: inline(text)
});
export const p = (text: string): PMNode => ({ type: 'paragraph', content: text ? inline(text) : undefined });
export const ul = (...items: string[]): PMNode => ({
	type: 'bulletList',
	content: items.map((i) => ({ type: 'listItem', content: [p(i)] }))
});
export const ol = (...items: string[]): PMNode => ({
	type: 'orderedList',
	attrs: { start: 1 },
	content: items.map((i) => ({ type: 'listItem', content: [p(i)] }))
});
export const table = (header: string[], ...rows: string[][]): PMNode => ({
	type: 'table',
	content: [
		{ type: 'tableRow', content: header.map((c) => ({ type: 'tableHeader', content: [p(c)] })) },
		...rows.map((r) => ({
			type: 'tableRow',
			content: r.map((c) => ({ type: 'tableCell', content: [p(c)] }))
		}))
	]
});
export const doc = (...content: PMNode[]): PMNode => ({ type: 'doc', content });
