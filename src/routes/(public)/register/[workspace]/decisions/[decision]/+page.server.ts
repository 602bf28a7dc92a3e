import { getDb } from '$lib/server/db';
import { actorOf } from '$lib/server/api';
import { NotFound } from '$lib/server/errors';
import { page } from '$lib/server/http/errors';
import { may } from '$lib/server/policy';
import * as decisions from '$lib/server/decisions/queries';
import { findDecision } from '$lib/server/decisions/repository';
import * as register from '$lib/server/register/repository';
import { tally } from '$lib/domain/tally';
import { changesOnly, diffBlocks, diffTreeStats } from '$lib/domain/diff-tree';
import * as shape from '$lib/server/documents/shape';
import type { DecisionPayload, DissentPayload, PersonalPart } from '$lib/domain/register-record';
import type { PageServerLoad, PageServerLoadEvent } from './$types';

export const load: PageServerLoad = page(async ({ parent, params, locals }: PageServerLoadEvent) => {
	const { register: ws } = await parent();
	const db = getDb();
	const actor = actorOf(locals);
	const { decision: d, member } = await decisions.readDecision(actor, params.decision, ws.id);
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
});
