/**
 * @mentions as they are typed: the name being typed before the caret, the members it matches, and the text
 * with the chosen name put in. The server finds mentions by `@Full Name` (comments/repository.ts
 * `findMentions`), so a chosen name goes in whole. Pages that may offer members set them in the context
 * (`setMentionable`); fields elsewhere (a public consultation page) get none and stay plain. Pure apart from
 * the context.
 */
import { getContext, setContext } from 'svelte';

export type Person = { name: string; organisation: string | null };

const KEY = Symbol('mentionable');

/** Offers these members to @mention in the comment fields of the page (a getter, so it follows the data). */
export function setMentionable(people: () => Person[]): void {
	setContext(KEY, people);
}

export function getMentionable(): () => Person[] {
	return getContext<(() => Person[]) | undefined>(KEY) ?? (() => []);
}

/** The longest name a person types after @ before it stops counting as a mention being typed. */
const LONGEST = 60;

/** The mention being typed before the caret: where its @ is and what follows it; null when none is. */
export function mentionAt(text: string, caret: number): { start: number; query: string } | null {
	const before = text.slice(Math.max(0, caret - LONGEST - 1), caret);
	const at = before.lastIndexOf('@');
	if (at === -1) return null;
	const start = caret - before.length + at;
	const query = text.slice(start + 1, caret);
	if (/[\n@]/.test(query) || /^\s/.test(query)) return null;
	// The @ starts a word (not an email address being typed).
	if (start > 0 && /[\p{L}\p{N}_.]/u.test(text[start - 1])) return null;
	return { start, query };
}

/** The members whose name, or a word of it, starts with what was typed, at most `limit`. */
export function matching(people: Person[], query: string, limit = 8): Person[] {
	const q = query.toLowerCase().replace(/\s+/g, ' ');
	return people
		.filter((p) => {
			const name = p.name.toLowerCase();
			return name.startsWith(q) || name.split(/\s+/).some((w) => w.startsWith(q));
		})
		.slice(0, limit);
}

/** The text with the mention being typed (from `start` to the caret) replaced by `@Name`, and the new caret. */
export function putMention(
	text: string,
	start: number,
	caret: number,
	name: string
): { text: string; caret: number } {
	const rest = text.slice(caret);
	// A space after the name, unless the text goes on with one or with punctuation.
	const inserted = /^[\s.,;:!?)]/.test(rest) ? `@${name}` : `@${name} `;
	return { text: text.slice(0, start) + inserted + rest, caret: start + inserted.length };
}
