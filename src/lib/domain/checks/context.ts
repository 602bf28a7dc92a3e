// What every rule reads: the document's blocks with their normalised text, and helpers to find passages and
// the section a missing clause belongs in.
import type { Block, Section, Structure } from './structure.ts';
import { cachedNormalise } from './text.ts';

export type CheckConfig = {
	/** SV1: the lowest social value weighting, in per cent. */
	minWeighting: number;
	/** PR6: the longest payment terms, in days. */
	maxPaymentDays: number;
	/** PR4: the shortest standstill, in working days. */
	minStandstillDays: number;
};

export const DEFAULT_CONFIG: CheckConfig = { minWeighting: 10, maxPaymentDays: 30, minStandstillDays: 8 };

/** A rule's result: what is missing or wrong, and where (a passage, or the section it belongs in). */
export type Hit = { message: string; passage?: Block; section?: Section | null };

const SKIPPED = /^(sources|references|further reading|bibliography)\b/;

/**
 * The rules find passages with one pass of a regular expression over the whole normalised text (`all`) rather
 * than one test per block: a long policy has thousands of blocks and most match nothing. The pass stops at
 * each match, tests the block (or section) it falls in on its own text unless the match cannot run past a
 * line (`withinLine`), and goes on from the next block, so what is found is exactly what a test of every
 * block would find. A pattern given to `findAll`, `find`, `blocksIn`,
 * `sectionsMatching` or `sectionsNamed` must not use `^`, `$` or look past a line break.
 */
export class Ctx {
	/** The counted blocks: every block but those of a list of sources. */
	readonly blocks: Block[];
	readonly sections: Section[];
	/** Normalised text of every counted block, one per line. */
	readonly all: string;
	/** Where each counted block starts in `all`; one more entry, past the end. */
	readonly #starts: Int32Array;
	/** For each section (by its index in the structure), its first counted block and the one after its last. */
	readonly #first: Int32Array;
	readonly #end: Int32Array;
	/** Normalised heading names, made when a rule first asks (`nameOf`). */
	readonly #names = new Map<Section, string>();
	/** The counted sections' heading names, one per line, and where each starts: made when first asked. */
	#headings: { text: string; starts: Int32Array } | null = null;

	readonly structure: Structure;
	readonly config: CheckConfig;

	constructor(structure: Structure, config: CheckConfig) {
		this.structure = structure;
		this.config = config;
		// A "Sources" or "References" list names documents, it does not commit to anything.
		const skip = structure.sections.some((s) => SKIPPED.test(s.name));
		this.sections = skip ? structure.sections.filter((s) => !SKIPPED.test(s.name)) : structure.sections;
		this.blocks = skip ? this.sections.flatMap((s) => s.blocks) : structure.blocks;
		const n = structure.sections.length;
		this.#first = new Int32Array(n).fill(-1);
		this.#end = new Int32Array(n).fill(-1);
		const starts = new Int32Array(this.blocks.length + 1);
		const texts: string[] = new Array(this.blocks.length);
		let at = 0;
		for (let i = 0; i < this.blocks.length; i++) {
			const b = this.blocks[i];
			if (this.#first[b.section] < 0) this.#first[b.section] = i;
			this.#end[b.section] = i + 1;
			starts[i] = at;
			texts[i] = b.t;
			at += b.t.length + 1;
		}
		starts[this.blocks.length] = at;
		this.#starts = starts;
		this.all = texts.join('\n');
	}

	/** A section's normalised text, its blocks one per line ("" for a list of sources, which is not counted). */
	textOf(s: Section): string {
		const i = s.blocks.length ? s.blocks[0].section : -1;
		if (i < 0 || this.#first[i] < 0) return '';
		return this.all.slice(this.#starts[this.#first[i]], this.#starts[this.#end[i]] - 1);
	}

	/** A section's heading name, normalised. */
	nameOf(s: Section): string {
		let name = this.#names.get(s);
		if (name === undefined) {
			name = cachedNormalise(s.name);
			this.#names.set(s, name);
		}
		return name;
	}

	has(re: RegExp): boolean {
		return re.test(this.all);
	}

	/** The first body block (not a heading) matching, else the first heading matching. */
	find(re: RegExp): Block | undefined {
		const all = this.findAll(re);
		return all.find((b) => b.kind !== 'heading') ?? all[0];
	}

	/** The blocks whose text matches, in order. */
	findAll(re: RegExp): Block[] {
		const out: Block[] = [];
		const sure = withinLine(re);
		this.#scan(re, (i) => {
			const b = this.blocks[i];
			if (sure || matches(re, b.t)) out.push(b);
			return i + 1;
		});
		return out;
	}

	/** The blocks that match `re` or sit in one of `sections`, in order. */
	blocksIn(re: RegExp, sections: Iterable<Section>): Block[] {
		const chosen = new Uint8Array(this.blocks.length);
		const sure = withinLine(re);
		this.#scan(re, (i) => {
			if (sure || matches(re, this.blocks[i].t)) chosen[i] = 1;
			return i + 1;
		});
		for (const s of sections) {
			const i = s.blocks.length ? s.blocks[0].section : -1;
			if (i >= 0 && this.#first[i] >= 0) chosen.fill(1, this.#first[i], this.#end[i]);
		}
		const out: Block[] = [];
		for (let i = 0; i < chosen.length; i++) if (chosen[i]) out.push(this.blocks[i]);
		return out;
	}

	/** The sections whose heading name (as written, lower case) matches, in order: one pass over the names. */
	sectionsNamed(re: RegExp): Section[] {
		if (!this.#headings) {
			const starts = new Int32Array(this.sections.length + 1);
			let at = 0;
			for (let i = 0; i < this.sections.length; i++) {
				starts[i] = at;
				at += this.sections[i].name.length + 1;
			}
			starts[this.sections.length] = at;
			this.#headings = { text: this.sections.map((s) => s.name).join('\n'), starts };
		}
		const { text, starts } = this.#headings;
		const out: Section[] = [];
		const sure = withinLine(re);
		scan(re, text, starts, (i) => {
			if (sure || matches(re, this.sections[i].name)) out.push(this.sections[i]);
			return i + 1;
		});
		return out;
	}

	/** The sections whose text matches, in order. */
	sectionsMatching(re: RegExp): Section[] {
		const out: Section[] = [];
		const sure = withinLine(re);
		this.#scan(re, (i) => {
			const section = this.blocks[i].section;
			const s = this.structure.sections[section];
			if (sure || matches(re, this.textOf(s))) out.push(s);
			return this.#end[section];
		});
		return out;
	}

	/** One pass of `re` over `all` (`scan`), by block. */
	#scan(re: RegExp, at: (block: number) => number): void {
		scan(re, this.all, this.#starts, at);
	}

	sectionOf(b: Block): Section {
		return this.structure.sections[b.section];
	}

	/** The first section whose heading matches: where a missing clause belongs. */
	sectionNamed(re: RegExp): Section | undefined {
		return this.sections.find((s) => s.name && re.test(this.nameOf(s)));
	}

	/** Sections whose heading matches, plus those holding a block that matches `body`. */
	context(heading: RegExp, body?: RegExp): string {
		const withBody = new Set(body ? this.sectionsMatching(body) : []);
		const out: string[] = [];
		for (const s of this.sections)
			if ((s.name && heading.test(this.nameOf(s))) || withBody.has(s)) out.push(this.textOf(s));
		return out.join('\n');
	}

	/** The section a missing clause belongs in: the first heading that matches, else the sign-off or the end. */
	home(...res: RegExp[]): Section | null {
		for (const re of res) {
			const s = this.sectionNamed(re);
			if (s) return s;
		}
		return null;
	}
}

/**
 * One pass of `re` over `text`, made of lines that start at `starts` (one more entry, past the end): for each
 * match, `at` is given the index of the line it starts in and says which line to go on from.
 */
function scan(re: RegExp, text: string, starts: Int32Array, at: (line: number) => number): void {
	const lines = starts.length - 1;
	if (!lines) return;
	let from = 0;
	for (;;) {
		// `search` gives where the match starts without making a match array; a slice is a view, not a copy.
		const found = (from ? text.slice(from) : text).search(re);
		if (found < 0) break;
		const index = from + found;
		// The line the match starts in: the last one starting at or before it.
		let lo = 0;
		let hi = lines - 1;
		while (lo < hi) {
			const mid = (lo + hi + 1) >> 1;
			if (starts[mid] <= index) lo = mid;
			else hi = mid - 1;
		}
		const next = at(lo);
		if (next >= lines) break;
		from = starts[next];
	}
}

/**
 * Whether every match of `re` lies within a line and reads only that line: no character class that takes in
 * a line break (\s, \S, \W, \D, [^…], an escaped code or property), no back-reference, no ^ or $, no
 * look-around, no `s` flag. Then the line a pass finds a match in matches on its own, and need not be tested
 * again.
 */
function withinLine(re: RegExp): boolean {
	return !re.flags.includes('s') && !/\\[sSWDnrxucpP0-9]|\[\^|[$^]|\(\?[=!<]/.test(re.source);
}

/** `re.test(text)` from the start, also for a global pattern, which is left ready for its next use. */
function matches(re: RegExp, text: string): boolean {
	re.lastIndex = 0;
	const found = re.test(text);
	re.lastIndex = 0;
	return found;
}
