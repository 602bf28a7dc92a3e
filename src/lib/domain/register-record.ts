/**
 * What the register's entries hold (docs/register.md) and the checks a verifier runs on top of the chain:
 * every published vote's tally is recomputed from its frozen electorate, ballots and rule, every
 * personal part is matched against the digest its entry holds, and redactions name real entries.
 *
 * Pure code (plus node:crypto through chain.ts), shared by the server, its worker and the standalone
 * verifier scripts/verify-register.ts.
 */
import { formatHead, personalDigest, type Entry, type Head, type StoredEntry } from './chain.ts';
import { ChainVerifier, type ChainFailure, type VerifyOptions } from './chain-verify.ts';
import { toFractionString } from './rational.ts';
import { tally, weightOf, type FrozenElectorateEntry, type TallyResult } from './tally.ts';
import { ruleNumbers, type VoteRule } from './vote-rule.ts';

export const OUTCOMES = ['approved', 'rejected', 'deferred'] as const;
export type Outcome = (typeof OUTCOMES)[number];
export const OUTCOME_LABELS: Record<Outcome, string> = {
	approved: 'Approved',
	rejected: 'Rejected',
	deferred: 'Deferred'
};

export const DOCUMENT_KIND_LABELS: Record<string, string> = {
	social_value: 'Social value',
	reimbursement: 'Reimbursement',
	procurement_principles: 'Procurement principles',
	commissioning_review: 'Commissioning review',
	other: 'Other'
};

export const METHODS = ['vote', 'consensus'] as const;
export type Method = (typeof METHODS)[number];

export const ACTION_STATUSES = ['planned', 'in_progress', 'done', 'dropped'] as const;
export type ActionStatus = (typeof ACTION_STATUSES)[number];
export const ACTION_STATUS_LABELS: Record<ActionStatus, string> = {
	planned: 'Planned',
	in_progress: 'In progress',
	done: 'Done',
	dropped: 'Dropped'
};

/** The parts of a tally result that are published and re-checked (the plain-words reasons are recomputed). */
export type PublishedResult = Pick<
	TallyResult,
	'chambers' | 'overall' | 'threshold' | 'quorum' | 'dualMajority' | 'passes' | 'headcount'
>;

export function publishedResult(result: TallyResult): PublishedResult {
	const { chambers, overall, threshold, quorum, dualMajority, passes, headcount } = result;
	return { chambers, overall, threshold, quorum, dualMajority, passes, headcount };
}

/** A reference to one person's details, kept beside the chain: the digest of (salt ‖ JCS(details)). */
export type PersonalRef = string;

/** One person's details, as stored beside the chain (never in it). */
export type PersonalPart = {
	role: 'voter' | 'assisted_by' | 'attendee' | 'dissent_author' | 'conflict' | 'note_author' | 'recorded_by';
	name: string;
	organisation?: string;
	/** For a conflict of interest: what was declared. */
	declaration?: string;
};

export type PublishedBallot = {
	organisationId: string;
	organisationName: string;
	choice: 'for' | 'against' | 'abstain';
	statement: string;
	assisted: boolean;
	castAt: string;
	voter: PersonalRef | null;
	assistedBy: PersonalRef | null;
};

export type PublishedVote = {
	id: string;
	question: string;
	openedAt: string;
	closedAt: string;
	closedReason: string;
	rule: VoteRule;
	electorate: FrozenElectorateEntry[];
	ballots: PublishedBallot[];
	result: PublishedResult;
};

export type OrganisationRef = { id: string; name: string; sector: 'vcse' | 'statutory' };

/** The payload of a `decision.published` entry: the whole record. */
export type DecisionPayload = {
	decision: string;
	title: string;
	question: string;
	outcome: Outcome;
	method: Method;
	rationale: string;
	decidedAt: string;
	decidedWhere: string;
	document: {
		id: string;
		title: string;
		kind: string;
		version: { id: string; name: string; hash: string } | null;
		/**
		 * The drafting checks on that version as it kept them: the check set's version, open findings by
		 * severity, and the dismissed findings' keys with their reasons (never who dismissed them).
		 */
		checks?: {
			version: string;
			counts: { E: number; W: number; I: number };
			dismissed: { finding: string; reason: string }[];
		} | null;
	} | null;
	vote: PublishedVote | null;
	/**
	 * For a decision by vote, the governance history's changes that bear on it, in words that name no person
	 * (src/lib/server/governance/history.ts): while the vote was open, and the vote's own edits, early opening
	 * and early close. Absent from records published before records carried it, and from consensus decisions.
	 */
	governance?: { at: string; summary: string }[];
	/** The organisations present or voting. */
	organisations: OrganisationRef[];
	/** People present (personal parts). */
	attendees: PersonalRef[];
	/** Declared conflicts of interest (personal parts). */
	conflicts: PersonalRef[];
	dissentUntil: string | null;
	supersedes: { decision: string; seq: number } | null;
	actions: string[];
	/** Every personal reference in this entry. */
	personal: PersonalRef[];
};

export type SupersededPayload = { decision: string; supersededBy: string; reason: string };

export type DissentPayload = {
	decision: string;
	dissent: string;
	organisation: OrganisationRef;
	statement: string;
	author: PersonalRef | null;
	personal: PersonalRef[];
};

export type ActionCreatedPayload = {
	action: string;
	decision: string | null;
	owner: OrganisationRef;
	description: string;
	due: string;
	status: ActionStatus;
};

export type ActionUpdatedPayload = {
	action: string;
	status: ActionStatus;
	due: string;
	note: string;
	author: PersonalRef | null;
	personal: PersonalRef[];
};

export type RedactedPayload = { entries: { seq: number; digest: PersonalRef }[]; reason: string };

/** A personal part as an export carries it next to the entries. */
export type ExportedPersonal = { seq: number; digest: string; salt: string; data: PersonalPart };

const HEX64 = /^[0-9a-f]{64}$/;

function firstDifference(stored: unknown, computed: unknown, path: string): string | null {
	if (typeof stored !== typeof computed || Array.isArray(stored) !== Array.isArray(computed)) return path;
	if (stored === null || computed === null || typeof stored !== 'object')
		return stored === computed ? null : path;
	if (Array.isArray(stored)) {
		const c = computed as unknown[];
		if (stored.length !== c.length) return `${path}.length`;
		for (let i = 0; i < stored.length; i++) {
			const d = firstDifference(stored[i], c[i], `${path}[${i}]`);
			if (d) return d;
		}
		return null;
	}
	const s = stored as Record<string, unknown>;
	const c = computed as Record<string, unknown>;
	// Display values are rounded for people; the fractions are what is compared.
	const keys = new Set([...Object.keys(s), ...Object.keys(c)].filter((k) => k !== 'display'));
	for (const k of [...keys].sort()) {
		const d = firstDifference(s[k], c[k], `${path}.${k}`);
		if (d) return d;
	}
	return null;
}

/**
 * Recomputes a published vote's tally from its frozen electorate, ballots and rule. Returns null when
 * everything matches, or a sentence naming the first figure that does not.
 */
export function checkPublishedVote(vote: PublishedVote): string | null {
	if (!vote || typeof vote !== 'object') return 'the vote record is missing.';
	if (!Array.isArray(vote.electorate) || !Array.isArray(vote.ballots))
		return 'the vote record has no electorate or no ballots list.';
	let numbers;
	try {
		numbers = ruleNumbers(vote.rule);
	} catch (e) {
		return `the vote's rule is not valid (${(e as Error).message}).`;
	}
	for (const entry of vote.electorate) {
		const weight = toFractionString(weightOf(entry, numbers));
		if (entry.weight !== weight)
			return `organisation ${entry.organisationId} is recorded with weight ${entry.weight}, but the rule gives ${weight}.`;
	}
	let computed: TallyResult;
	try {
		computed = tally(
			vote.electorate,
			vote.ballots.map((b) => ({ organisationId: b.organisationId, choice: b.choice })),
			vote.rule
		);
	} catch (e) {
		return `the vote cannot be tallied: ${(e as Error).message}.`;
	}
	const diff = firstDifference(vote.result, publishedResult(computed), 'result');
	if (diff) return `the recomputed tally differs from the published one at ${diff}.`;
	return null;
}

export type RegisterFailure = ChainFailure;

export type RegisterReport = {
	ok: boolean;
	/** Entries that verified. */
	count: number;
	head: Head | null;
	/** `seq:hash` of the last verified entry. */
	headText: string;
	/** Vote tallies recomputed and matched. */
	tallies: number;
	/** Personal parts whose digests matched. */
	personal: number;
	failure: RegisterFailure | null;
};

/**
 * Verifies a register: the chain, every tally and the links to personal data. Feed it entries one at
 * a time (`push` for parsed entries, `pushStored` for database rows), then personal parts, then `finish`.
 */
export class RegisterVerifier {
	private chain: ChainVerifier;
	private digests = new Map<number, Set<string>>();
	private redacted = new Set<string>();
	private tallies = 0;
	private personalCount = 0;
	private personalFailure: RegisterFailure | null = null;

	constructor(options: Omit<VerifyOptions, 'checkContent'> = {}) {
		this.chain = new ChainVerifier({ ...options, checkContent: (e) => this.check(e) });
	}

	private check(entry: Entry): string | null {
		const p = entry.payload as Record<string, unknown>;
		const refs = p.personal;
		if (refs !== undefined) {
			if (!Array.isArray(refs) || refs.some((r) => typeof r !== 'string' || !HEX64.test(r)))
				return 'its list of personal references is not a list of SHA-256 digests.';
			if (refs.length) this.digests.set(entry.seq, new Set(refs as string[]));
		}
		switch (entry.type) {
			case 'decision.published': {
				if (typeof p.decision !== 'string') return 'a published decision must name its decision id.';
				if (p.method === 'vote') {
					const problem = checkPublishedVote(p.vote as PublishedVote);
					if (problem) return problem;
					this.tallies++;
				}
				return null;
			}
			case 'personal.redacted': {
				if (!Array.isArray(p.entries)) return 'a redaction must list the entries it affects.';
				for (const r of p.entries as { seq?: unknown; digest?: unknown }[]) {
					if (typeof r?.seq !== 'number' || typeof r.digest !== 'string')
						return 'a redaction names an entry without its seq and digest.';
					if (r.seq >= entry.seq || !this.digests.get(r.seq)?.has(r.digest))
						return `the redaction names personal details ${r.digest} of entry ${r.seq}, which that entry does not hold.`;
					this.redacted.add(`${r.seq}:${r.digest}`);
				}
				return null;
			}
			default:
				return null;
		}
	}

	push(entry: unknown): boolean {
		return this.chain.push(entry) === null;
	}

	pushStored(row: StoredEntry): boolean {
		return this.chain.pushStored(row) === null;
	}

	/** Checks one personal part shipped beside the chain. Call after all entries were pushed. */
	pushPersonal(part: unknown): boolean {
		if (this.personalFailure || this.chain.failed) return false;
		const fail = (seq: number, message: string) => {
			this.personalFailure = { index: -1, seq, reason: 'content', message };
			return false;
		};
		const x = part as Partial<ExportedPersonal> | null;
		if (!x || typeof x !== 'object' || typeof x.seq !== 'number' || typeof x.digest !== 'string')
			return fail(0, 'A personal part has no seq or digest.');
		if (!this.digests.get(x.seq)?.has(x.digest))
			return fail(x.seq, `Personal details ${x.digest} are not referred to by entry ${x.seq}.`);
		if (this.redacted.has(`${x.seq}:${x.digest}`))
			return fail(
				x.seq,
				`Personal details ${x.digest} of entry ${x.seq} were redacted but are still published.`
			);
		let digest: string;
		try {
			digest = personalDigest(String(x.salt), x.data);
		} catch (e) {
			return fail(
				x.seq,
				`Personal details ${x.digest} of entry ${x.seq} cannot be checked: ${(e as Error).message}.`
			);
		}
		if (digest !== x.digest)
			return fail(
				x.seq,
				`Personal details ${x.digest} of entry ${x.seq} have been altered (they hash to ${digest}).`
			);
		this.personalCount++;
		return true;
	}

	finish(): RegisterReport {
		const chain = this.chain.finish();
		const failure = chain.ok ? this.personalFailure : chain.failure;
		return {
			ok: failure === null,
			count: chain.count,
			head: chain.head,
			headText: formatHead(chain.head),
			tallies: this.tallies,
			personal: this.personalCount,
			failure
		};
	}
}

/** The shape of a JSON export that the verifier reads (decisions.json). */
export type RegisterExport = {
	format: string;
	workspace: { id: string; slug: string; name: string };
	generatedAt: string;
	head: string;
	entries: Entry[];
	personal: ExportedPersonal[];
};

export const EXPORT_FORMAT = 'parity-register/1';

/** Verifies a parsed JSON export: its chain, tallies and personal parts, optionally against a kept head. */
export function verifyExport(
	data: unknown,
	options: { expectedHead?: string | Head | null } = {}
): RegisterReport {
	const empty = (message: string): RegisterReport => ({
		ok: false,
		count: 0,
		head: null,
		headText: formatHead(null),
		tallies: 0,
		personal: 0,
		failure: { index: -1, seq: 0, reason: 'shape', message }
	});
	if (!data || typeof data !== 'object' || !Array.isArray((data as RegisterExport).entries))
		return empty('The file is not a register export: it has no "entries" list.');
	const x = data as RegisterExport;
	const verifier = new RegisterVerifier({
		workspace: typeof x.workspace?.id === 'string' ? x.workspace.id : undefined,
		expectedHead: options.expectedHead ?? null
	});
	for (const entry of x.entries) if (!verifier.push(entry)) break;
	for (const part of Array.isArray(x.personal) ? x.personal : []) if (!verifier.pushPersonal(part)) break;
	const report = verifier.finish();
	if (report.ok && typeof x.head === 'string' && x.head !== report.headText) {
		return {
			...report,
			ok: false,
			failure: {
				index: -1,
				seq: report.head?.seq ?? 0,
				reason: 'head',
				message: `The export states head ${x.head}, but its entries end at ${report.headText}.`
			}
		};
	}
	return report;
}
