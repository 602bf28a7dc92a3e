// The JSON shapes of threads and suggestions in the API.
import { suggestionKind } from '../../domain/suggestion.ts';
import type { Suggestion } from './repository.ts';
import type { SuggestionView, ThreadView } from './queries.ts';

export function serializeThread(t: ThreadView) {
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
		createdAt: new Date(t.createdAt).toISOString(),
		updatedAt: new Date(t.updatedAt).toISOString(),
		resolvedAt: t.resolvedAt ? new Date(t.resolvedAt).toISOString() : null,
		comments: t.comments.map((c) => ({
			id: c.id,
			author: c.author,
			body: c.body,
			deleted: c.deleted,
			mentions: c.mentions,
			createdAt: new Date(c.createdAt).toISOString(),
			editedAt: c.editedAt ? new Date(c.editedAt).toISOString() : null,
			edits: c.edits.map((e) => ({ body: e.body, replacedAt: new Date(e.replacedAt).toISOString() }))
		}))
	};
}

export function serializeSuggestion(s: SuggestionView | (Suggestion & { authorName?: string })) {
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
		decidedAt: s.decidedAt ? new Date(s.decidedAt).toISOString() : null,
		createdAt: new Date(s.createdAt).toISOString(),
		position: v.from ?? null
	};
}
