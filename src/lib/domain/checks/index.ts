/**
 * Drafting checks: what a policy is missing, run over its structure in the browser while people type and on
 * the server for versions, votes, decisions and the API. Pure code: no I/O, no network.
 */
import {
	CHECK_BY_ID,
	CHECKS_VERSION,
	checksFor,
	type CheckInfo,
	type DocumentKind,
	type Family
} from './catalogue.ts';
import { Ctx, DEFAULT_CONFIG, type CheckConfig } from './context.ts';
import { RULES } from './rules.ts';
import { sectionText, type Structure } from './structure.ts';
import { fingerprint } from './text.ts';

export * from './catalogue.ts';
export { DEFAULT_CONFIG, type CheckConfig } from './context.ts';
export { fromMarkdown, fromTree, markdownTree, type Structure, type TreeNode } from './structure.ts';

export type Finding = {
	/** Stable for the same check and passage text: what a dismissal is recorded against. */
	key: string;
	check: string;
	severity: CheckInfo['severity'];
	name: string;
	message: string;
	why: string;
	sources: CheckInfo['sources'];
	unverified: string | null;
	/** The passage the finding is about, as plain-text offsets (anchor.ts); null for a missing clause. */
	passage: { from: number; to: number; text: string } | null;
	/** The section the passage sits in, or where the missing clause belongs; null: the document as a whole. */
	section: { title: string; path: string[]; from: number; to: number } | null;
};

export type RunOptions = {
	config?: Partial<CheckConfig>;
	/** Check ids the workspace turned off. */
	off?: Iterable<string>;
	/** For `other` documents, the families a facilitator picked (ignored for the other kinds). */
	families?: readonly Family[];
};

export type RunResult = { version: string; checks: string[]; findings: Finding[] };

const ORDER = { E: 0, W: 1, I: 2 } as const;

/**
 * Check ids in the order people read them: by family letters, then by number ("PR9" before "PR10"). The same
 * order as `localeCompare` with `numeric`, without the Unicode collator, whose first use in a process or page
 * took about 9 ms.
 */
function compareIds(a: string, b: string): number {
	const x = /^(\D*)(\d*)$/.exec(a);
	const y = /^(\D*)(\d*)$/.exec(b);
	if (!x || !y) return a < b ? -1 : a > b ? 1 : 0;
	return x[1] < y[1] ? -1 : x[1] > y[1] ? 1 : Number(x[2]) - Number(y[2]);
}

export function runChecks(structure: Structure, kind: DocumentKind, options: RunOptions = {}): RunResult {
	const config = { ...DEFAULT_CONFIG, ...options.config };
	const off = new Set(options.off ?? []);
	const checks = checksFor(kind, options.families).filter((c) => !off.has(c.id));
	const ctx = new Ctx(structure, config);
	const findings: Finding[] = [];
	for (const check of checks) {
		for (const hit of RULES[check.id](ctx)) {
			const section = hit.passage ? ctx.sectionOf(hit.passage) : (hit.section ?? null);
			// A dismissal holds while this text is unchanged: the passage, or for a missing clause its section.
			const basis = hit.passage ? hit.passage.text : section ? sectionText(section) : '';
			findings.push({
				key: `${check.id}:${fingerprint(basis)}`,
				check: check.id,
				severity: check.severity,
				name: check.name,
				message: hit.message,
				why: check.why,
				sources: check.sources,
				unverified: check.unverified ?? null,
				passage: hit.passage ? { from: hit.passage.from, to: hit.passage.to, text: hit.passage.text } : null,
				section:
					section && section.title
						? { title: section.title, path: section.path, from: section.from, to: section.to }
						: null
			});
		}
	}
	findings.sort(
		(a, b) =>
			(a.section?.from ?? Infinity) - (b.section?.from ?? Infinity) ||
			ORDER[a.severity] - ORDER[b.severity] ||
			compareIds(a.check, b.check)
	);
	return { version: CHECKS_VERSION, checks: checks.map((c) => c.id), findings };
}

export function checkInfo(id: string): CheckInfo | undefined {
	return CHECK_BY_ID[id];
}
