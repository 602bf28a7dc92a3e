/**
 * Comments and suggestions on the live editor (browser only): the plugin that holds them and its controller.
 *
 * - Decorations (decorations.ts): open threads' passages and open suggestions, placed on the text and kept
 *   in step with everyone's edits.
 * - Suggesting mode: no change reaches the Yjs document. Every local transaction that would change the
 *   document is stopped (filterTransaction); a change of words within one paragraph becomes, or extends, the
 *   one pending suggestion (suggesting.ts), which the page then sends to the API. Commenters are always in it;
 *   in `read` mode (observers) local changes are simply dropped.
 */
import type * as Y from 'yjs';
import { Extension } from '@tiptap/core';
import { Plugin, PluginKey, TextSelection, type EditorState } from '@tiptap/pm/state';
import { DecorationSet, type EditorView } from '@tiptap/pm/view';
import { ySyncPluginKey } from '@tiptap/y-tiptap';
import { anchorFromOffsets, resolveAnchor, textAt, textMap } from '../domain/anchor.ts';
import { mergeEdit, textEdit, type Pending, type TextEdit } from './suggesting.ts';
import { REFUSED_OUTDATED, REFUSED_SHAPE } from './suggestion-words.ts';
import { offsetOf, positionOf, textIndex } from './text-index.ts';
import { tabFrom } from '../focus.ts';
import {
	buildDecorations,
	outdatedPending,
	type Annotations,
	type EditMode,
	type PendingSuggestion
} from './decorations.ts';

export type { Annotations, EditMode, PendingSuggestion, SuggestionMark, ThreadMark } from './decorations.ts';

type PluginState = {
	annotations: Annotations;
	active: string | null;
	suggesting: boolean;
	pending: PendingSuggestion | null;
	/**
	 * Why the pending suggestion can no longer be sent, or null while its words still read as quoted: someone
	 * else changed or deleted them after it was begun.
	 */
	outdated: string | null;
	decorations: DecorationSet;
};
type Meta = Partial<Omit<PluginState, 'decorations' | 'outdated'>>;

export const annotationsKey = new PluginKey<PluginState>('parity-annotations');

export type AnnotationOptions = {
	ydoc: Y.Doc;
	mode: EditMode;
	/** The pending suggestion changed; `outdated` says why it can no longer be sent (null: it can). */
	onPending?: (pending: PendingSuggestion | null, outdated: string | null) => void;
	/** A short message for the person (an edit that cannot be suggested, for example). */
	onNotice?: (message: string) => void;
	/** Called after the decorations changed (the margin re-aligns its threads). */
	onDecorated?: () => void;
	/**
	 * Tab while a suggestion is pending or words are selected: move focus to the suggestion's form or to the
	 * tools beside the words; true when it did.
	 */
	onTabOut?: () => boolean;
};

export const DISCARDED = 'Your suggestion was discarded.';

/** Whether the selection starts in a list item (where Tab indents). */
function inListItem(state: EditorState): boolean {
	const { $from } = state.selection;
	for (let d = $from.depth; d > 0; d--) if ($from.node(d).type.name === 'listItem') return true;
	return false;
}

export function createAnnotations(opts: AnnotationOptions) {
	let view: EditorView | null = null;
	let refreshQueued = false;
	/**
	 * Keyboards that compose words (phone keyboards, input methods) report the whole word so far at each
	 * letter: the suggestion is redrawn, the composition restarts, and the next report holds the whole word
	 * again. So the pending suggestion as it was when the word began is kept, and each report of the word
	 * replaces the word's part instead of adding to it. The input that commits the word (it starts with the
	 * word) is the last report; any other input adds to the suggestion as usual.
	 */
	let compose: { base: PendingSuggestion | null; word: string } | null = null;
	let lastInput = '';
	/**
	 * True from the moment a transaction is applied until the view has updated: the window in which other
	 * plugins append theirs (a trailing paragraph after a final list or table, a fixed table). ProseMirror
	 * filters an appended transaction before marking it as appended, so this is how the filter tells them
	 * from the person's own edits.
	 */
	let appending = false;

	const live = () => (view && !view.isDestroyed ? view : null);
	const stateOf = () => (live() ? annotationsKey.getState(view!.state) : undefined);
	const update = (meta: Meta) => {
		const v = live();
		if (v) v.dispatch(v.state.tr.setMeta(annotationsKey, meta));
	};
	/** Recomputes the decorations once the current change has reached the Y.Doc. */
	const refresh = () => {
		if (refreshQueued) return;
		refreshQueued = true;
		queueMicrotask(() => {
			refreshQueued = false;
			update({});
		});
	};

	/** Turns a stopped edit into (part of) the pending suggestion. */
	const suggest = (edit: TextEdit | null) => {
		const v = live();
		if (!v) return;
		if (!edit) return opts.onNotice?.(REFUSED_SHAPE);
		const s = annotationsKey.getState(v.state)!;
		const map = textMap(opts.ydoc);
		const index = textIndex(v.state.doc);
		if (map.text !== index.text) return opts.onNotice?.('The document is still updating. Try again.');
		const from = offsetOf(index, edit.from);
		const to = offsetOf(index, edit.to);
		if (from === null || to === null) return opts.onNotice?.(REFUSED_SHAPE);
		let from0: PendingSuggestion | null = s.pending;
		if (compose) {
			const composing = lastInput === 'insertCompositionText';
			if (composing || (compose.word && edit.text.startsWith(compose.word))) from0 = compose.base;
			if (composing) compose.word = edit.text;
			else compose = null;
		}
		let current: Pending | null = null;
		if (from0) {
			// Words someone else changed since the suggestion began: adding to it would quietly suggest
			// changing words the person has not seen.
			const outdated = outdatedPending(opts.ydoc, from0, map);
			if (outdated) return opts.onNotice?.(`${outdated} ${REFUSED_OUTDATED}`);
			const r = resolveAnchor(opts.ydoc, from0, map);
			if (r.status === 'ok') current = { from: r.from, to: r.to, replacement: from0.replacement };
		}
		const merged = mergeEdit(current, { from, to, text: edit.text });
		if ('refused' in merged) return opts.onNotice?.(merged.refused);
		let pending: PendingSuggestion | null = null;
		const p = merged.pending;
		if (p && (p.to > p.from || p.replacement)) {
			if (!textAt(map, p.from, p.to))
				return opts.onNotice?.('A suggestion stays within one paragraph or heading.');
			pending = { ...anchorFromOffsets(opts.ydoc, p.from, p.to, map), replacement: p.replacement };
		}
		const tr = v.state.tr.setMeta(annotationsKey, { pending } satisfies Meta);
		const caret = positionOf(index, merged.caret, 'end');
		if (caret !== null) tr.setSelection(TextSelection.create(v.state.doc, caret));
		v.dispatch(tr);
	};

	const onYUpdate = (_update: Uint8Array, origin: unknown) => {
		// Local edits reach the Y.Doc after the editor's transaction; remote ones are handled in `apply`.
		if (origin === ySyncPluginKey) refresh();
	};

	const plugin = new Plugin<PluginState>({
		key: annotationsKey,
		state: {
			init: () => ({
				annotations: { threads: [], suggestions: [] },
				active: null,
				suggesting: opts.mode === 'suggest',
				pending: null,
				outdated: null,
				decorations: DecorationSet.empty
			}),
			apply(tr, prev, _old, state) {
				appending = true;
				queueMicrotask(() => (appending = false));
				const meta = tr.getMeta(annotationsKey) as Meta | undefined;
				const next: PluginState = meta ? { ...prev, ...meta } : prev;
				if (meta || tr.getMeta(ySyncPluginKey)) {
					const built = buildDecorations(state.doc, opts.ydoc, next);
					if (built) return { ...next, ...built };
				}
				if (tr.docChanged) return { ...next, decorations: next.decorations.map(tr.mapping, tr.doc) };
				return next;
			}
		},
		filterTransaction(tr, state) {
			// Content from the Y.Doc (others' edits, the first render) always goes through.
			if (!tr.docChanged || tr.getMeta(ySyncPluginKey)) return true;
			if (opts.mode === 'read') return false;
			const s = annotationsKey.getState(state);
			if (!s?.suggesting) return true;
			// Changes other plugins append (such as a trailing paragraph) are dropped without a word.
			if (appending || tr.getMeta('appendedTransaction')) return false;
			const edit = textEdit(tr.before, tr.doc, tr.steps, state.selection.from);
			queueMicrotask(() => suggest(edit));
			return false;
		},
		props: {
			decorations: (state) => annotationsKey.getState(state)?.decorations,
			handleDOMEvents: {
				compositionstart(v) {
					const s = annotationsKey.getState(v.state);
					if (s?.suggesting && !compose) compose = { base: s.pending, word: '' };
					return false;
				},
				beforeinput(_v, event) {
					lastInput = (event as InputEvent).inputType ?? '';
					return false;
				}
			},
			handleKeyDown(v, event) {
				const s = annotationsKey.getState(v.state);
				const tab = event.key === 'Tab' && !event.ctrlKey && !event.altKey && !event.metaKey;
				// Tab from selected words goes to the tools beside them, except where an editor's Tab indents
				// the selected list items.
				const selected = !v.state.selection.empty && (!!s?.suggesting || !inListItem(v.state));
				if (tab && !event.shiftKey && (s?.pending || selected) && opts.onTabOut?.()) return true;
				if (opts.mode !== 'read' && !s?.suggesting) return false;
				const key = event.key.toLowerCase();
				// Undo and redo would change the document (earlier edits); while suggesting they drop the
				// pending suggestion instead. So does Escape (unless it ends a composing keyboard's word).
				const undo = (event.ctrlKey || event.metaKey) && (key === 'z' || key === 'y');
				if (undo || (event.key === 'Escape' && s?.pending && !event.isComposing)) {
					if (s?.pending) {
						compose = null;
						update({ pending: null });
						opts.onNotice?.(DISCARDED);
					}
					return true;
				}
				// Lists and tables take Tab to indent or add a row, which cannot be suggested: while suggesting,
				// Tab and Shift+Tab leave the text, so the keyboard is never held there.
				if (tab && s?.suggesting) return tabFrom(v.dom, event.shiftKey ? -1 : 1);
				return false;
			}
		},
		view(v) {
			view = v;
			opts.ydoc.on('update', onYUpdate);
			return {
				update(v2, prevState) {
					appending = false;
					const before = annotationsKey.getState(prevState);
					const now = annotationsKey.getState(v2.state);
					if (!before || !now) return;
					if (before.pending !== now.pending || before.outdated !== now.outdated)
						opts.onPending?.(now.pending, now.pending ? now.outdated : null);
					if (before.decorations !== now.decorations) opts.onDecorated?.();
				},
				destroy() {
					opts.ydoc.off('update', onYUpdate);
					view = null;
				}
			};
		}
	});

	/** The first element of a thread's or suggestion's passage in the editor. */
	const passage = (id: string): HTMLElement | null => {
		const v = live();
		return v ? v.dom.querySelector<HTMLElement>(`.thread-${id}, .suggestion-${id}`) : null;
	};

	return {
		/** Added to the editor's extensions; runs before Collaboration's keys (undo, redo). */
		extension: Extension.create({
			name: 'parityAnnotations',
			priority: 1001,
			addProseMirrorPlugins: () => [plugin]
		}),
		setAnnotations(annotations: Annotations) {
			update({ annotations });
		},
		/** Highlights one thread or suggestion (null: none); `scroll` brings its passage into view. */
		setActive(id: string | null, scroll = false) {
			update({ active: id });
			if (scroll && id) passage(id)?.scrollIntoView({ block: 'center' });
		},
		passage,
		get suggesting() {
			return stateOf()?.suggesting ?? opts.mode === 'suggest';
		},
		setSuggesting(on: boolean) {
			if (opts.mode !== 'edit') return;
			compose = null;
			update({ suggesting: on, pending: null });
		},
		get pending(): PendingSuggestion | null {
			return stateOf()?.pending ?? null;
		},
		discardPending() {
			compose = null;
			update({ pending: null });
		}
	};
}

export type AnnotationController = ReturnType<typeof createAnnotations>;
