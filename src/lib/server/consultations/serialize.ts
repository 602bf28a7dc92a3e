// Consultations and what was said in them as the API shows them: times in RFC 3339 UTC.
import { isoOrNull, isoUtc } from '../../domain/time.ts';
import { isOpen } from './lifecycle.ts';
import type { Change, Consultation } from './repository.ts';
import type { ChangeJson, ConsultationJson, ContributionJson, LinkJson, SummaryJson } from './schemas.ts';
import type { Contribution, SummaryGroup } from './summary.ts';

export function serializeConsultation(c: Consultation): ConsultationJson {
	return {
		id: c.id,
		workspaceId: c.workspaceId,
		documentId: c.documentId,
		title: c.title,
		audience: c.audience,
		questions: c.questions,
		contentHash: c.contentHash,
		versionId: c.versionId,
		openedAt: isoUtc(c.openedAt),
		closesAt: isoUtc(c.closesAt),
		open: isOpen(c)
	};
}

export function serializeContribution(i: Contribution): ContributionJson {
	return { ...i, at: isoUtc(i.at) };
}

export function serializeSummary(c: Consultation, groups: SummaryGroup[]): SummaryJson {
	return {
		consultation: serializeConsultation(c),
		groups: groups.map((g) => ({
			...g,
			organisations: g.organisations.map((o) => ({ ...o, items: o.items.map(serializeContribution) }))
		}))
	};
}

/** A public link as the API shows it (never its secret). */
export function serializeLink(l: {
	id: string;
	uses: number;
	createdAt: number;
	revokedAt: number | null;
}): LinkJson {
	return { id: l.id, uses: l.uses, createdAt: isoUtc(l.createdAt), revokedAt: isoOrNull(l.revokedAt) };
}

/** A change of closing time: extended or closed early, with the reason. */
export function serializeChange(ch: Change): ChangeJson {
	return {
		kind: ch.kind,
		fromClosesAt: isoUtc(ch.fromClosesAt),
		toClosesAt: isoUtc(ch.toClosesAt),
		reason: ch.reason,
		at: isoUtc(ch.at)
	};
}
