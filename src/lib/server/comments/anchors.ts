// Where a thread or a suggestion sits in the text: a request's anchor turned into one on the current content.
import { sha256Hex } from '../../domain/secrets.ts';
import type * as Y from 'yjs';
import {
	AnchorError,
	anchorBlock,
	anchorFromOffsets,
	anchorQuote,
	decodePosition,
	resolveAnchor,
	textMap,
	type AnchorInput,
	type TextMap
} from '../../domain/anchor.ts';
import * as registry from '../collab/registry.ts';
import { Invalid, NotFound } from '../errors.ts';
import type { AnchorSpec } from './schemas.ts';

/** The hash of a plain text, recorded with a thread or suggestion (the text it was made on). */
export function textHash(text: string): string {
	return sha256Hex(text);
}

/** Where a new thread or suggestion sits, as its row records it: its anchor and the text it was made on. */
export function anchorColumns(anchor: AnchorInput, map: TextMap) {
	return {
		anchorStart: anchor.start,
		anchorEnd: anchor.end,
		quote: anchor.quote,
		versionHash: textHash(map.text)
	};
}

/** The current content of a document (live room or stored state) and its plain-text map. */
export async function liveText(documentId: string): Promise<{ doc: Y.Doc; map: TextMap }> {
	const doc = await registry.readDocument(documentId);
	if (!doc) throw new NotFound();
	return { doc, map: textMap(doc) };
}

/** Turns an anchor request into an anchor on the current content, or refuses with a clear message. */
export function makeAnchor(doc: Y.Doc, map: TextMap, spec: AnchorSpec, allowPoint = false): AnchorInput {
	try {
		if (spec.anchor) {
			const { start, end, quote } = spec.anchor;
			if (!decodePosition(start) || !decodePosition(end))
				throw new Invalid('The anchor is not a valid pair of positions.');
			const r = resolveAnchor(doc, spec.anchor, map);
			if (r.status !== 'ok' || r.text !== quote)
				throw new Invalid('The selected text has changed since you chose it; select it again.');
			return { start, end, quote };
		}
		if (spec.range) {
			if (spec.range.from === spec.range.to && !allowPoint)
				throw new Invalid('Select some text to comment on.');
			return anchorFromOffsets(doc, spec.range.from, spec.range.to, map);
		}
		if (spec.block !== undefined) return anchorBlock(doc, spec.block, map);
		if (spec.quote) {
			const a = anchorQuote(doc, spec.quote, spec.near ?? 0, map);
			if (!a) throw new Invalid('That text is not in the document (it may have just changed).');
			return a;
		}
	} catch (e) {
		if (e instanceof AnchorError) throw new Invalid(e.message);
		throw e;
	}
	throw new Invalid(
		'Say what the comment is about: a selection (anchor, range or quote) or a section (block).'
	);
}
