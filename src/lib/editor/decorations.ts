/**
 * What the live editor draws for comments and suggestions (browser only): the passage of each open comment
 * thread gets a light background; each open suggestion that still applies shows the words it would delete
 * struck through (a `<del>`) and its proposed text as an `<ins>` widget that cannot be edited. Anchors are
 * resolved against the editor's own Y.Doc with the same code the server uses (src/lib/domain/anchor.ts), then
 * placed through the plain-text index of the editor's document (text-index.ts), so they follow everyone's
 * edits as they arrive. The plugin that holds them is annotations.ts.
 */
import type * as Y from 'yjs';
import type { Node as PMNode } from '@tiptap/pm/model';
import { Decoration, DecorationSet } from '@tiptap/pm/view';
import { resolveAnchor, textMap, type AnchorInput, type TextMap } from '../domain/anchor.ts';
import { checkSuggestion } from '../domain/suggestion.ts';
import { positionOf, textIndex, type TextIndex } from './text-index.ts';

export type ThreadMark = {
	id: string;
	start: string;
	end: string;
	quote: string;
	/** The id of an element that names the thread (its heading in the list), when there is one. */
	describedBy?: string;
};
export type SuggestionMark = {
	id: string;
	start: string;
	end: string;
	quote: string;
	replacement: string;
	/** Said in the decoration's title, e.g. "Suggestion by Cora Commenter". */
	label: string;
	/** The id of an element that describes the suggestion (its entry in the list), when there is one. */
	describedBy?: string;
};
export type Annotations = { threads: ThreadMark[]; suggestions: SuggestionMark[] };
export type PendingSuggestion = AnchorInput & { replacement: string };
/** `edit`: may switch suggesting on and off; `suggest`: always suggesting; `read`: no changes at all. */
export type EditMode = 'edit' | 'suggest' | 'read';

/** What the decorations are drawn from: the page's annotations, the one highlighted, the pending suggestion. */
export type DecorationInput = {
	annotations: Annotations;
	active: string | null;
	pending: PendingSuggestion | null;
};

const short = (t: string) => (t.length > 80 ? t.slice(0, 80) + '…' : t);

/** Why a pending suggestion can no longer be sent (its words changed since it was begun), or null. */
export function outdatedPending(ydoc: Y.Doc, pending: PendingSuggestion, map: TextMap): string | null {
	const r = resolveAnchor(ydoc, pending, map);
	if (r.status !== 'ok') return 'Someone else has deleted the words your suggestion changes.';
	if (r.text !== pending.quote)
		return `Someone else has changed the words your suggestion changes: they now read “${short(r.text)}”.`;
	return null;
}

/** Where an anchor sits in the editor now, or null when its text is gone or cannot be placed. */
function place(
	ydoc: Y.Doc,
	anchor: AnchorInput,
	map: TextMap,
	index: TextIndex
): { from: number; to: number } | null {
	const r = resolveAnchor(ydoc, anchor, map);
	if (r.status !== 'ok') return null;
	if (r.from === r.to) {
		const at = positionOf(index, r.from, 'end');
		return at === null ? null : { from: at, to: at };
	}
	const from = positionOf(index, r.from, 'start');
	const to = positionOf(index, r.to, 'end');
	return from === null || to === null || to < from ? null : { from, to };
}

function insertion(text: string, className: string, title: string): HTMLElement {
	const el = document.createElement('ins');
	el.className = className;
	el.contentEditable = 'false';
	el.title = title;
	el.textContent = text;
	return el;
}

function suggestionDecorations(
	out: Decoration[],
	at: { from: number; to: number },
	s: { id: string; replacement: string; label: string; describedBy?: string },
	extra: string
) {
	const cls = `suggestion-${s.id}${extra}`;
	if (at.to > at.from)
		out.push(
			Decoration.inline(
				at.from,
				at.to,
				{
					nodeName: 'del',
					class: `suggestion-delete ${cls}`,
					title: `${s.label}: ${s.replacement ? 'replace' : 'delete'} these words`,
					...(s.describedBy ? { 'aria-describedby': s.describedBy } : {})
				},
				{ suggestion: s.id }
			)
		);
	if (s.replacement)
		out.push(
			Decoration.widget(
				at.to,
				() => insertion(s.replacement, `suggestion-insert ${cls}`, `${s.label}: insert these words`),
				{ side: -1, key: `${s.id}|${extra}|${s.replacement}`, ignoreSelection: true, marks: [] }
			)
		);
}

/**
 * The decorations for the current state and whether the pending suggestion still applies, or null while the
 * editor and its Y.Doc differ (mid-change).
 */
export function buildDecorations(
	doc: PMNode,
	ydoc: Y.Doc,
	s: DecorationInput
): { decorations: DecorationSet; outdated: string | null } | null {
	const map = textMap(ydoc);
	const index = textIndex(doc);
	if (map.text !== index.text) return null;
	const out: Decoration[] = [];
	for (const t of s.annotations.threads) {
		const at = place(ydoc, t, map, index);
		if (!at || at.to === at.from) continue;
		const active = s.active === t.id ? ' is-active' : '';
		// A <mark> (read as "highlighted" by screen readers), not only a coloured span.
		out.push(
			Decoration.inline(
				at.from,
				at.to,
				{
					nodeName: 'mark',
					class: `comment-anchor thread-${t.id}${active}`,
					...(t.describedBy ? { 'aria-describedby': t.describedBy } : {})
				},
				{ thread: t.id }
			)
		);
	}
	for (const sg of s.annotations.suggestions) {
		// An outdated suggestion (its words changed since) is not shown in the text.
		if (!checkSuggestion(ydoc, sg, map).applied) continue;
		const at = place(ydoc, sg, map, index);
		if (at) suggestionDecorations(out, at, sg, s.active === sg.id ? ' is-active' : '');
	}
	// A pending suggestion whose words someone else changed is not drawn on the words that are there now.
	const outdated = s.pending ? outdatedPending(ydoc, s.pending, map) : null;
	if (s.pending && !outdated) {
		const at = place(ydoc, s.pending, map, index);
		if (at)
			suggestionDecorations(
				out,
				at,
				{ id: 'pending', replacement: s.pending.replacement, label: 'Your suggestion (not sent yet)' },
				' suggestion-pending'
			);
	}
	return { decorations: DecorationSet.create(doc, out), outdated };
}
