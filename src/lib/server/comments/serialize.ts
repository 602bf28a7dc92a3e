// The JSON shapes of threads and suggestions in the API.
import { suggestionKind } from '../../domain/suggestion.ts';
import type { Suggestion } from './repository.ts';
import type { SuggestionView, ThreadView } from './queries.ts';
import type { SuggestionJson, ThreadJson } from './schemas.ts';
import { isoOrNull, isoUtc } from '../../domain/time.ts';

export function serializeThread(t: ThreadView): ThreadJson {
	return {
		id: t.id,
		documentId: t.documentId,
		consultationId: t.consultationId,
		status: t.status,
		quote: t.quote,
		anchor: t.anchor,
		position:
			t.position.status === 'ok'
				? { status: 'ok', from: t.position.from, to: t.position.to, text: t.position.text }
				: { status: 'deleted' },
		block: t.block,
		createdAt: isoUtc(t.createdAt),
		updatedAt: isoUtc(t.updatedAt),
		resolvedAt: isoOrNull(t.resolvedAt),
		comments: t.comments.map((c) => ({
			id: c.id,
			author: c.author,
			body: c.body,
			deleted: c.deleted,
			mentions: c.mentions,
			createdAt: isoUtc(c.createdAt),
			editedAt: isoOrNull(c.editedAt),
			edits: c.edits.map((e) => ({ body: e.body, replacedAt: isoUtc(e.replacedAt) }))
		}))
	};
}

export function serializeSuggestion(
	s: SuggestionView | (Suggestion & { authorName?: string })
): SuggestionJson {
	const v = s as Partial<SuggestionView> & Suggestion;
	return {
		id: s.id,
		documentId: s.documentId,
		consultationId: s.consultationId,
		kind: suggestionKind(s),
		quote: s.quote,
		replacement: s.replacement,
		note: s.note,
		anchor: { start: s.anchorStart, end: s.anchorEnd },
		author: {
			id: s.authorId,
			name: v.authorName ?? null,
			organisation: v.authorOrganisation ?? null,
			guest: !!s.guestId
		},
		status: v.shownStatus ?? s.status,
		reason: s.status === 'outdated' || s.status === 'rejected' ? s.reason : (v.outdatedBecause ?? null),
		decidedBy: s.decidedBy,
		decidedAt: isoOrNull(s.decidedAt),
		createdAt: isoUtc(s.createdAt),
		position: v.from ?? null
	};
}
