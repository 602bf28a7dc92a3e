/**
 * Applying a suggestion to a document's Y.Doc. A suggestion is an anchor, the text it quoted when it was made
 * and its replacement: an insert (empty quote), a delete (empty replacement) or a replace. It is applied only
 * while the anchored text still reads exactly as quoted; otherwise it is outdated and nothing changes.
 * Pure code: the caller runs it inside the live room's transaction (registry `transact`).
 */
import type * as Y from 'yjs';
import { resolveAnchor, textAt, textMap, type AnchorInput } from './anchor.ts';

export type SuggestionKind = 'insert' | 'delete' | 'replace';
export type SuggestionInput = AnchorInput & { replacement: string };

export type ApplyResult =
	{ applied: true; from: number } | { applied: false; reason: 'outdated' | 'spans_blocks'; message: string };

export function suggestionKind(s: { quote: string; replacement: string }): SuggestionKind {
	if (s.quote === '') return 'insert';
	if (s.replacement === '') return 'delete';
	return 'replace';
}

/** Checks whether a suggestion could be applied now, without changing anything. */
export function checkSuggestion(doc: Y.Doc, s: SuggestionInput, map = textMap(doc)): ApplyResult {
	const r = resolveAnchor(doc, s, map);
	if (r.status === 'deleted')
		return {
			applied: false,
			reason: 'outdated',
			message: 'The text this suggestion changes has been deleted.'
		};
	if (r.text !== s.quote)
		return {
			applied: false,
			reason: 'outdated',
			message: 'The text this suggestion changes has been edited since.'
		};
	if (!textAt(map, r.from, r.to))
		return {
			applied: false,
			reason: 'spans_blocks',
			message: 'A suggestion must stay within one paragraph or heading.'
		};
	return { applied: true, from: r.from };
}

/**
 * Applies the suggestion to the document when its quote still matches (call inside a transaction so the
 * delete and insert travel as one update). Returns why not otherwise.
 */
export function applySuggestion(doc: Y.Doc, s: SuggestionInput): ApplyResult {
	const map = textMap(doc);
	const check = checkSuggestion(doc, s, map);
	if (!check.applied) return check;
	const r = resolveAnchor(doc, s, map);
	if (r.status !== 'ok') return check;
	const at = textAt(map, r.from, r.to)!;
	doc.transact(() => {
		if (r.to > r.from) at.type.delete(at.index, r.to - r.from);
		if (s.replacement) at.type.insert(at.index, s.replacement);
	});
	return { applied: true, from: r.from };
}
