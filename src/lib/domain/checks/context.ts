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

export class Ctx {
	readonly blocks: Block[];
	readonly sections: Section[];
	/** Normalised text of every counted block, one per line. */
	readonly all: string;
	/** Sections' normalised texts, each made when a rule first asks for it (`textOf`). */
	readonly #texts = new Map<Section, string>();
	readonly #counted: Set<Section>;
	/** Normalised heading names, for matching. */
	readonly names: Map<Section, string>;

	readonly structure: Structure;
	readonly config: CheckConfig;

	constructor(structure: Structure, config: CheckConfig) {
		this.structure = structure;
		this.config = config;
		// A "Sources" or "References" list names documents, it does not commit to anything.
		const skip = new Set(
			structure.sections.filter((s) => /^(sources|references|further reading|bibliography)\b/.test(s.name))
		);
		this.sections = structure.sections.filter((s) => !skip.has(s));
		this.#counted = new Set(this.sections);
		this.blocks = skip.size ? this.sections.flatMap((s) => s.blocks) : structure.blocks;
		this.names = new Map(this.sections.map((s) => [s, cachedNormalise(s.name)]));
		this.all = this.blocks.map((b) => b.t).join('\n');
	}

	/** A section's normalised text, its blocks one per line ("" for a list of sources, which is not counted). */
	textOf(s: Section): string {
		let text = this.#texts.get(s);
		if (text === undefined) {
			text = this.#counted.has(s) ? s.blocks.map((b) => b.t).join('\n') : '';
			this.#texts.set(s, text);
		}
		return text;
	}

	has(re: RegExp): boolean {
		return re.test(this.all);
	}

	/** The first body block (not a heading) matching. */
	find(re: RegExp, where: Block[] = this.blocks): Block | undefined {
		return where.find((b) => b.kind !== 'heading' && re.test(b.t)) ?? where.find((b) => re.test(b.t));
	}

	findAll(re: RegExp, where: Block[] = this.blocks): Block[] {
		return where.filter((b) => re.test(b.t));
	}

	sectionOf(b: Block): Section {
		return this.structure.sections[b.section];
	}

	/** The first section whose heading matches: where a missing clause belongs. */
	sectionNamed(re: RegExp): Section | undefined {
		return this.sections.find((s) => s.name && re.test(this.names.get(s) ?? ''));
	}

	/** Sections whose heading matches, plus those holding a block that matches `body`. */
	context(heading: RegExp, body?: RegExp): string {
		const out: string[] = [];
		for (const s of this.sections) {
			const text = this.textOf(s);
			if ((s.name && heading.test(this.names.get(s) ?? '')) || (body && body.test(text))) out.push(text);
		}
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
