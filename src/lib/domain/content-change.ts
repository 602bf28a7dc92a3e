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
 * transaction ends, before Yjs frees what it deleted). Transactions whose origin `unjudged` names are not
 * judged (their updates come with `changesContent` true): a caller that does not use the answer for them.
 */
export function onJudgedUpdate(
	doc: Y.Doc,
	fn: (update: Uint8Array, origin: unknown, changesContent: boolean) => void,
	unjudged?: unknown
): void {
	let judged: { tr: Y.Transaction; changes: boolean } | null = null;
	doc.on('afterTransaction', (tr: Y.Transaction) => {
		if (unjudged !== undefined && tr.origin === unjudged) return;
		judged = { tr, changes: changesContent(tr) };
	});
	doc.on('update', (update: Uint8Array, origin: unknown, _doc: Y.Doc, tr: Y.Transaction) =>
		fn(update, origin, judged?.tr !== tr || judged.changes)
	);
}

/** What a child that holds nothing reads as: it is not content (an empty line, an emptied text). */
const NOTHING = new Set(['paragraph{}[]', 'text{}[]']);

/**
 * Whether the transaction changed the content. Each item it added or removed (or the outermost added or
 * removed one around it) sits among neighbours that are there before and after it; the run of items between
 * two such neighbours is read before and after the transaction, and so is each attribute it set or removed.
 * Any difference is a change. Empty paragraphs are not content. The work is proportional to what the
 * transaction touched, never the whole document; text added with nothing deleted needs no reading. Call it
 * from an `afterTransaction` handler, while the content the transaction deleted can still be read.
 */
export function changesContent(tr: Y.Transaction): boolean {
	const isNew = (item: Y.Item) => item.id.clock >= (tr.beforeState.get(item.id.client) ?? 0);
	const before: Visible = (item) => !isNew(item) && (!item.deleted || Y.isDeleted(tr.deleteSet, item.id));
	const after: Visible = (item) => !item.deleted;
	const stays = (item: Y.Item) => !isNew(item) && !item.deleted;
	const touched = new Set<Y.Item>();
	const touch = (s: Y.Item) => {
		let item = s;
		// A change inside a type added, removed or already gone is judged where that type sits.
		for (let up = (item.parent as Type)._item; up && !stays(up); up = (item.parent as Type)._item) item = up;
		touched.add(item);
	};
	// Typing: text added where it shows, and nothing deleted, is a change; no need to read anything.
	const nothingDeleted = tr.deleteSet.clients.size === 0;
	for (const [client, end] of tr.afterState) {
		const start = tr.beforeState.get(client) ?? 0;
		if (end <= start) continue;
		const structs = tr.doc.store.clients.get(client) ?? [];
		for (let i = Y.findIndexSS(structs, start); i < structs.length && structs[i].id.clock < end; i++) {
			const s = structs[i];
			if (!(s instanceof Y.Item)) continue;
			if (nothingDeleted && s.content instanceof Y.ContentString && shows(s)) return true;
			touch(s);
		}
	}
	Y.iterateDeletedStructs(tr, tr.deleteSet, (s) => {
		if (s instanceof Y.Item && !isNew(s)) touch(s);
	});
	const read = new Set<Y.Item>();
	for (const item of touched) {
		if (read.has(item)) continue;
		if (item.parentSub !== null) {
			const last = (item.parent as Type)._map.get(item.parentSub) ?? null;
			if (attribute(last, before) !== attribute(last, after)) return true;
			continue;
		}
		let first = item;
		while (first.left && !stays(first.left)) first = first.left;
		const run: Y.Item[] = [];
		for (let at: Y.Item | null = first; at && !stays(at); at = at.right) {
			run.push(at);
			read.add(at);
		}
		if (describeRun(run, before, false) !== describeRun(run, after, false)) return true;
	}
	return false;
}

/** Whether an item and every type it sits in are there (not deleted). */
function shows(item: Y.Item): boolean {
	for (let at: Y.Item | null = item; at; at = (at.parent as Type)._item) if (at.deleted) return false;
	return true;
}

/** A key's value as `visible` sees it (the last visible of its values), or '' when it has none. */
function attribute(last: Y.Item | null, visible: Visible): string {
	let item = last;
	while (item && !visible(item)) item = item.left; // earlier values of the same key
	return item ? value(item) : '';
}

/** A whole type: its name, attributes and children, text with the marks that apply to it. */
function describe(type: Type, visible: Visible): string {
	const attrs: string[] = [];
	for (const [key, last] of type._map) {
		const v = attribute(last, visible);
		if (v) attrs.push(`${JSON.stringify(key)}:${v}`);
	}
	const children: Y.Item[] = [];
	for (let item = type._start; item; item = item.right) children.push(item);
	const name = type instanceof Y.XmlElement ? type.nodeName : type instanceof Y.XmlText ? 'text' : '';
	return `${name}{${attrs.sort().join(',')}}[${describeRun(children, visible, true)}]`;
}

/**
 * A run of items as `visible` sees them. With `marks` (a whole text) each piece of text carries the marks
 * that apply to it; in part of a text, where the marks in force at its start are not known, each mark
 * boundary is written where it stands.
 */
function describeRun(items: Y.Item[], visible: Visible, marks: boolean): string {
	const parts: string[] = [];
	const inForce = new Map<string, unknown>();
	let text = '';
	let textMarks = '';
	const flush = () => {
		if (text) parts.push(JSON.stringify(text) + textMarks);
		text = '';
	};
	for (const item of items) {
		if (!visible(item)) continue;
		const c = item.content;
		if (c instanceof Y.ContentString) {
			const m = marks ? marksOf(inForce) : '';
			if (m !== textMarks) flush();
			textMarks = m;
			text += c.str;
		} else if (c instanceof Y.ContentFormat && marks) {
			if (c.value === null) inForce.delete(c.key);
			else inForce.set(c.key, c.value);
		} else {
			flush();
			if (c instanceof Y.ContentFormat) parts.push(`<${JSON.stringify(c.key)}=${JSON.stringify(c.value)}>`);
			else if (c instanceof Y.ContentType) {
				const child = describe(c.type as Type, visible);
				if (!NOTHING.has(child)) parts.push(child);
			} else parts.push(value(item));
		}
	}
	flush();
	return parts.join(',');
}

function marksOf(marks: Map<string, unknown>): string {
	return marks.size === 0 ? '' : JSON.stringify([...marks].sort((a, b) => (a[0] < b[0] ? -1 : 1)));
}

function value(item: Y.Item): string {
	const c = item.content;
	if (c instanceof Y.ContentType) return `#${item.id.client}:${item.id.clock}`;
	return JSON.stringify(c.getContent().at(-1) ?? null);
}
