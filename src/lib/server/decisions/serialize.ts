/** Decisions and actions as the API shows them (the register entry holds a decision's full record). */
import type { Action, Decision } from './repository.ts';
import type { ActionJson, DecisionJson } from './schemas.ts';
import { isoOrNull, isoUtc } from '../../domain/time.ts';

/** A decision as the API and the JSON export show it (the register entry holds the full record). */
export function serializeDecision(d: Decision): DecisionJson {
	return {
		id: d.id,
		workspaceId: d.workspaceId,
		title: d.title,
		question: d.question,
		outcome: d.outcome,
		method: d.method,
		voteId: d.voteId,
		document: d.documentId
			? {
					id: d.documentId,
					title: d.documentTitle,
					kind: d.documentKind,
					versionId: d.documentVersionId,
					versionHash: d.documentVersionHash
				}
			: null,
		rationale: d.rationale,
		decidedAt: isoUtc(d.decidedAt),
		decidedWhere: d.decidedWhere,
		meetingId: d.meetingId,
		dissentUntil: isoOrNull(d.dissentUntil),
		supersedes: d.supersedesId,
		supersededBy: d.supersededById,
		registerSeq: d.registerSeq
	};
}
/** What the pages show of a decision above all else: what was decided, the outcome, how, when and where. */
export function decisionHeading(d: Decision) {
	return {
		id: d.id,
		title: d.title,
		outcome: d.outcome,
		method: d.method,
		decidedAt: d.decidedAt,
		decidedWhere: d.decidedWhere,
		supersededById: d.supersededById
	};
}

export function serializeAction(a: Action & { ownerName?: string; overdue?: boolean }): ActionJson {
	return {
		id: a.id,
		workspaceId: a.workspaceId,
		decisionId: a.decisionId,
		owner: { id: a.ownerOrganisationId, name: a.ownerName ?? null },
		description: a.description,
		dueDate: a.dueDate,
		status: a.status,
		overdue: a.overdue ?? null,
		registerSeq: a.registerSeq,
		createdAt: isoUtc(a.createdAt),
		updatedAt: isoUtc(a.updatedAt)
	};
}
