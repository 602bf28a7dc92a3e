// What the comment pages' forms post (members' page and public consultation page), turned into the input of
// the same commands the API calls. Forms work without JavaScript: a section is named by its block index, a
// passage by its text (`quote`, or `find` within a section, as copied from the page).
import { textMap } from '../../domain/anchor.ts';
import { findWords } from '../../domain/find-words.ts';
import * as registry from '../collab/registry.ts';
import { Invalid } from '../errors.ts';
import type { SuggestionInput, ThreadInput } from './commands.ts';
import { MAX_TEXT, type AnchorSpec } from './schemas.ts';

export function field(data: FormData, name: string): string {
	const v = data.get(name);
	return typeof v === 'string' ? v : '';
}

function intOrNull(data: FormData, name: string): number | null {
	const v = field(data, name);
	return /^\d{1,6}$/.test(v) ? Number(v) : null;
}

function refuse(fieldName: string, message: string): never {
	throw new Invalid(message, { [fieldName]: message });
}

/** A new thread on a selection (quote, with `near`) or on a whole top-level block. */
export function threadFromForm(data: FormData): ThreadInput {
	const quote = field(data, 'quote');
	const block = intOrNull(data, 'block');
	const spec: AnchorSpec =
		quote.trim() !== ''
			? { quote: quote.slice(0, MAX_TEXT), near: intOrNull(data, 'near') ?? undefined }
			: block !== null
				? { block }
				: {};
	return { spec, body: field(data, 'body') };
}

/**
 * A top-level block and the section it belongs to, as a reader sees it: from the heading at or before it up to
 * the next heading (a heading and what follows it), as offsets into the plain text.
 */
async function sectionOf(documentId: string, index: number) {
	const content = await registry.readDocument(documentId);
	const map = content ? textMap(content) : null;
	content?.destroy();
	const i = map ? map.blocks.findIndex((x) => x.index === index) : -1;
	if (!map || i === -1) refuse('find', 'That section no longer exists; reload the page.');
	const { blocks, text } = map;
	let first = i;
	while (first > 0 && blocks[first].name !== 'heading') first--;
	let last = i;
	while (last + 1 < blocks.length && blocks[last + 1].name !== 'heading') last++;
	return { block: blocks[i], text, from: blocks[first].from, to: blocks[last].to };
}

/**
 * A suggestion: the text to change (`find`, which must be in the chosen block's section, or the selected
 * `quote`) and its replacement (empty to delete). Without a text to change, the replacement is added at the end
 * of the block.
 */
export async function suggestionFromForm(documentId: string, data: FormData): Promise<SuggestionInput> {
	const find = field(data, 'find') || field(data, 'quote');
	const block = intOrNull(data, 'block');
	let spec: AnchorSpec;
	if (find) {
		const near = intOrNull(data, 'near') ?? undefined;
		if (block !== null && near === undefined) {
			const section = await sectionOf(documentId, block);
			const at = findWords(section.text.slice(section.from, section.to), find);
			if (!at)
				refuse(
					'find',
					'That text is not in this part of the document (its heading and what follows, up to the next heading). Copy it from there.'
				);
			spec = { range: { from: section.from + at.from, to: section.from + at.to } };
		} else spec = { quote: find, near };
	} else if (block !== null) {
		const { block: b } = await sectionOf(documentId, block);
		spec = { range: { from: b.to, to: b.to } };
	} else refuse('find', 'Say which text to change.');
	return { spec, replacement: field(data, 'replacement'), note: field(data, 'note') };
}
