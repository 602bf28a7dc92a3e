// One decision's record as the public register shows it: the register entry, the people it names (unless
// redacted), the vote and its tally, dissent, actions and the decided version's text. The register page and the
// decision record's Word and PDF files read the same view.
import { getDb } from '../db/index.ts';
import type { Actor } from '../access.ts';
import { NotFound } from '../errors.ts';
import { may } from '../policy/index.ts';
import * as decisions from '../decisions/queries.ts';
import { findDecision } from '../decisions/repository.ts';
import * as register from './repository.ts';
import { tally } from '../../domain/tally.ts';
import { changesOnly, diffBlocks, diffTreeStats } from '../../domain/diff-tree.ts';
import * as shape from '../documents/shape.ts';
import type { DecisionPayload, DissentPayload, PersonalPart } from '../../domain/register-record.ts';

/**
 * When, in the vote's life, a change was made: "before the vote opened", "2 days before the close", "5 hours
 * before the close", "at the close".
 */
export function whenInVote(at: number, vote: { openedAt: number; closedAt: number }): string {
	if (at < vote.openedAt) return 'before the vote opened';
	const minutes = Math.max(0, Math.round((vote.closedAt - at) / 60_000));
	if (minutes === 0) return 'at the close';
	const [n, unit] =
		minutes >= 2 * 24 * 60
			? [Math.floor(minutes / (24 * 60)), 'day']
			: minutes >= 120
				? [Math.floor(minutes / 60), 'hour']
				: [minutes, 'minute'];
	return `${n} ${unit}${n === 1 ? '' : 's'} before the close`;
}

/** The record of a decision of the register `ws`, for `actor` (who must be able to read the register). */
export async function decisionView(actor: Actor, ws: { id: string; timeZone: string }, decisionId: string) {
	const db = getDb();
	const { decision: d, member } = await decisions.readDecision(actor, decisionId, ws.id);
	const entry = await register.getEntry(db, ws.id, d.registerSeq);
	if (!entry) throw new NotFound();
	const record = entry.payload as unknown as DecisionPayload;
	const dissentRows = await decisions.listDissents(db, d.id);
	const dissentEntries = await Promise.all(
		dissentRows.map((x) => register.getEntry(db, ws.id, x.registerSeq))
	);
	const digests = [
		...record.personal,
		...dissentEntries.flatMap((e) => (e ? ((e.payload as unknown as DissentPayload).personal ?? []) : []))
	];
	const people = await register.personalByDigest(db, ws.id, digests);
	const person = (digest: string | null | undefined): PersonalPart | null =>
		digest ? (people.get(digest) ?? null) : null;
	const related = async (id: string | null) => {
		if (!id) return null;
		const x = await findDecision(db, id);
		return x ? { id: x.id, title: x.title } : null;
	};
	// The decided version's text (public with the decision) and what changed since the last decided version.
	const decidedVersion =
		record.document?.version && record.document.version.id
			? await decisions.findVersion(db, record.document.id, record.document.version.id)
			: null;
	const previous = decidedVersion ? await decisions.previousDecidedVersion(db, d) : null;
	const versionBlocks = (versionId: string) =>
		record.document ? shape.versionBlocksById(db, record.document.id, versionId) : null;
	const decidedBlocks = decidedVersion ? await versionBlocks(decidedVersion.id) : null;
	const previousBlocks = previous ? await versionBlocks(previous.version.id) : null;
	const diff = decidedBlocks && previousBlocks ? diffBlocks(previousBlocks, decidedBlocks) : null;
	const full = record.vote ? tally(record.vote.electorate, record.vote.ballots, record.vote.rule) : null;
	const now = Date.now();
	return {
		decision: {
			id: d.id,
			seq: d.registerSeq,
			hash: entry.hash,
			at: entry.at,
			title: record.title,
			question: record.question,
			outcome: record.outcome,
			method: record.method,
			rationale: record.rationale,
			decidedAt: Date.parse(record.decidedAt),
			decidedWhere: record.decidedWhere,
			document: record.document,
			organisations: record.organisations,
			attendees: record.attendees.map((x) => person(x)),
			conflicts: record.conflicts.map((x) => person(x)),
			recordedBy: record.personal.map((x) => person(x)).find((p) => p?.role === 'recorded_by')?.name ?? null,
			dissentUntil: d.dissentUntil,
			dissentOpen: d.dissentUntil !== null && now <= d.dissentUntil,
			supersedes: await related(d.supersedesId),
			supersededBy: await related(d.supersededById)
		},
		vote: record.vote
			? {
					id: record.vote.id,
					question: record.vote.question,
					openedAt: Date.parse(record.vote.openedAt),
					closedAt: Date.parse(record.vote.closedAt),
					closedReason: record.vote.closedReason,
					// What changed in who votes, and in the vote, that the record summarises; "2 days before the close".
					// Null for a record published before records summarised it.
					governance: record.governance?.map((g) => ({
						at: Date.parse(g.at),
						summary: g.summary,
						when: whenInVote(Date.parse(g.at), {
							openedAt: Date.parse(record.vote!.openedAt),
							closedAt: Date.parse(record.vote!.closedAt)
						})
					})),
					ballots: record.vote.ballots.map((b) => ({
						organisationId: b.organisationId,
						organisationName: b.organisationName,
						choice: b.choice,
						statement: b.statement,
						assisted: b.assisted,
						castAt: Date.parse(b.castAt),
						castBy: b.voter ? (person(b.voter)?.name ?? null) : null,
						redacted: !!b.voter && !person(b.voter)
					})),
					result: full
				}
			: null,
		dissents: dissentRows.map((x, i) => {
			const p = dissentEntries[i]?.payload as unknown as DissentPayload | undefined;
			return {
				id: x.id,
				organisationName: x.organisationName,
				statement: x.statement,
				createdAt: x.createdAt,
				author: p?.author ? (person(p.author)?.name ?? null) : null,
				redacted: !!p?.author && !person(p.author)
			};
		}),
		actions: (await decisions.listActions(db, ws.id, ws.timeZone, { decisionId: d.id })).map((a) => ({
			id: a.id,
			ownerName: a.ownerName,
			description: a.description,
			dueDate: a.dueDate,
			status: a.status,
			overdue: a.overdue
		})),
		version: decidedVersion
			? {
					name: decidedVersion.name,
					// An approved decision's version may be downloaded by anyone who reads this record.
					download:
						record.outcome === 'approved' && record.document
							? `/api/v1/documents/${record.document.id}/versions/${decidedVersion.id}`
							: null,
					blocks: decidedBlocks ?? [],
					hashMatches: decidedVersion.hash === record.document?.version?.hash
				}
			: null,
		previous: previous
			? {
					decision: previous.decision,
					versionName: previous.version.name,
					diff: diff ? changesOnly(diff) : null,
					stats: diff ? diffTreeStats(diff) : null
				}
			: null,
		canDissent:
			!!member &&
			may(actor, 'decision.dissent', member, { organisationId: member.organisationId ?? '' }) &&
			d.dissentUntil !== null &&
			now <= d.dissentUntil
	};
}

export type DecisionView = Awaited<ReturnType<typeof decisionView>>;
