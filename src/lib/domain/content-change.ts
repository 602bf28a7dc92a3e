// Whether a Yjs transaction changed a document's content, or only its representation: an editor that opens a
// document can write without anyone typing (Tiptap's trailing-node rule appends an empty paragraph after a
// closing list or table, and the ProseMirror binding rewrites what its schema reads differently), and such
// writes must not count as a person's change. Pure: it reads only the transaction, before Yjs frees the
// deleted content, and only the parts of the document the transaction touched.
import * as Y from 'yjs';

type Type = Y.AbstractType<unknown>;
type Visible = (item: Y.Item) => boolean;

/**
 * Calls `fn` with each update of `doc`, its origin, and whether it changed the content (judged when the
 * transaction ends, before Yjs frees what it deleted).
 */
export function onJudgedUpdate(
	doc: Y.Doc,
	fn: (update: Uint8Array, origin: unknown, changesContent: boolean) => void
): void {
	let judged: { tr: Y.Transaction; changes: boolean } | null = null;
	doc.on('afterTransaction', (tr: Y.Transaction) => {
		judged = { tr, changes: changesContent(tr) };
	});
	doc.on('update', (update: Uint8Array, origin: unknown, _doc: Y.Doc, tr: Y.Transaction) =>
		fn(update, origin, judged?.tr !== tr || judged.changes)
	);
}

/** What a child that holds nothing renders as: it is not content (an empty line, an emptied text). */
const NOTHING = new Set(['paragraph{}[]', 'text{}[]']);

/**
 * Whether the transaction changed the content: for each type whose children or attributes it touched (the
 * nearest one that existed before it and is still there), the type read before and after must differ.
 * Empty paragraphs are not content. Call it from an `afterTransaction` handler, while the content the
 * transaction deleted can still be read.
 */
export function changesContent(tr: Y.Transaction): boolean {
	const isNew = (item: Y.Item) => item.id.clock >= (tr.beforeState.get(item.id.client) ?? 0);
	const visibleBefore: Visible = (item) =>
		!isNew(item) && (!item.deleted || Y.isDeleted(tr.deleteSet, item.id));
	const visibleAfter: Visible = (item) => !item.deleted;
	const touched = new Set<Type>();
	const touch = (item: Y.Item) => {
		let type = item.parent as Type;
		// What happens inside a type created, deleted or already gone is judged where that type sits.
		while (type._item && (type._item.deleted || isNew(type._item))) type = type._item.parent as Type;
		touched.add(type);
	};
	for (const [client, after] of tr.afterState) {
		const before = tr.beforeState.get(client) ?? 0;
		if (after <= before) continue;
		const structs = tr.doc.store.clients.get(client) ?? [];
		for (let i = Y.findIndexSS(structs, before); i < structs.length && structs[i].id.clock < after; i++) {
			const s = structs[i];
			if (s instanceof Y.Item) touch(s);
		}
	}
	Y.iterateDeletedStructs(tr, tr.deleteSet, (s) => {
		if (s instanceof Y.Item && !isNew(s)) touch(s);
	});
	// A child there before and after is the same on both sides (its own changes are judged as its own type).
	const same = (item: Y.Item) => !isNew(item) && !item.deleted;
	for (const type of touched)
		if (describe(type, visibleBefore, same) !== describe(type, visibleAfter, same)) return true;
	return false;
}

/** A type as text: its name, attributes, text with its marks, and children (by id when `same` says so). */
function describe(type: Type, visible: Visible, same: (item: Y.Item) => boolean): string {
	const attrs: string[] = [];
	for (const [key, last] of type._map) {
		let item: Y.Item | null = last;
		while (item && !visible(item)) item = item.left; // earlier values of the same key
		if (item) attrs.push(`${JSON.stringify(key)}:${value(item)}`);
	}
	const parts: string[] = [];
	const marks = new Map<string, unknown>();
	let text = '';
	let textMarks = '';
	const flush = () => {
		if (text) parts.push(JSON.stringify(text) + textMarks);
		text = '';
	};
	for (let item = type._start; item; item = item.right) {
		if (!visible(item)) continue;
		const c = item.content;
		if (c instanceof Y.ContentString) {
			const m = marksOf(marks);
			if (m !== textMarks) flush();
			textMarks = m;
			text += c.str;
		} else if (c instanceof Y.ContentFormat) {
			if (c.value === null) marks.delete(c.key);
			else marks.set(c.key, c.value);
		} else {
			flush();
			if (c instanceof Y.ContentType) {
				if (same(item)) parts.push(`#${item.id.client}:${item.id.clock}`);
				else {
					const child = describe(c.type as Type, visible, () => false);
					if (!NOTHING.has(child)) parts.push(child);
				}
			} else parts.push(value(item));
		}
	}
	flush();
	const name = type instanceof Y.XmlElement ? type.nodeName : type instanceof Y.XmlText ? 'text' : '';
	return `${name}{${attrs.sort().join(',')}}[${parts.join(',')}]`;
}

function marksOf(marks: Map<string, unknown>): string {
	return marks.size === 0 ? '' : JSON.stringify([...marks].sort((a, b) => (a[0] < b[0] ? -1 : 1)));
}

function value(item: Y.Item): string {
	const c = item.content;
	if (c instanceof Y.ContentType) return `#${item.id.client}:${item.id.clock}`;
	return JSON.stringify(c.getContent().at(-1) ?? null);
}
