// Consultations and what was said in them as the API shows them: times in RFC 3339 UTC.
import type { ConsultationAudience } from '../db/schema/index.ts';
import { isOpen } from './lifecycle.ts';
import type { Consultation } from './repository.ts';
import type { Contribution, SummaryGroup } from './summary.ts';

export function serializeConsultation(c: Consultation, extra: Record<string, unknown> = {}) {
	return {
		id: c.id,
		workspaceId: c.workspaceId,
		documentId: c.documentId,
		title: c.title,
		audience: c.audience as ConsultationAudience,
		questions: c.questions,
		contentHash: c.contentHash,
		versionId: c.versionId,
		openedAt: new Date(c.openedAt).toISOString(),
		closesAt: new Date(c.closesAt).toISOString(),
		open: isOpen(c),
		...extra
	};
}

export function serializeContribution(i: Contribution) {
	return { ...i, at: new Date(i.at).toISOString() };
}

export function serializeGroups(groups: SummaryGroup[]) {
	return groups.map((g) => ({
		...g,
		organisations: g.organisations.map((o) => ({ ...o, items: o.items.map(serializeContribution) }))
	}));
}
