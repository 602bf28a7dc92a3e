// What the comment pages' forms post (members' page and public consultation page), turned into the input of
// the same commands the API calls. Forms work without JavaScript: a section is named by its block index, a
// passage by its text (`quote`, or `find` within a section).
import { textMap } from '../../domain/anchor.ts';
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

async function blockOf(documentId: string, index: number) {
	const content = await registry.readDocument(documentId);
	const b = content ? textMap(content).blocks.find((x) => x.index === index) : undefined;
	content?.destroy();
	if (!b) refuse('find', 'That section no longer exists; reload the page.');
	return b;
}

/**
 * A suggestion: the text to change (`find`, which must be in the chosen block, or the selected `quote`) and
 * its replacement (empty to delete). Without a text to change, the replacement is added at the end of the block.
 */
export async function suggestionFromForm(documentId: string, data: FormData): Promise<SuggestionInput> {
	const find = field(data, 'find') || field(data, 'quote');
	const block = intOrNull(data, 'block');
	let spec: AnchorSpec;
	if (find) {
		const near = intOrNull(data, 'near') ?? undefined;
		if (block !== null && near === undefined) {
			const b = await blockOf(documentId, block);
			const at = b.text.indexOf(find);
			if (at === -1) refuse('find', 'That text is not in this section. Copy it exactly from the section.');
			spec = { range: { from: b.from + at, to: b.from + at + find.length } };
		} else spec = { quote: find, near };
	} else if (block !== null) {
		const b = await blockOf(documentId, block);
		spec = { range: { from: b.to, to: b.to } };
	} else refuse('find', 'Say which text to change.');
	return { spec, replacement: field(data, 'replacement'), note: field(data, 'note') };
}
