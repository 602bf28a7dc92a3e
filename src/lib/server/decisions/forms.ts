/**
 * Reads the decision and action forms (which work without JavaScript) into the inputs that schemas.ts
 * validates, the same shapes the API takes as JSON.
 */
import { text } from '../forms.ts';

const all = (data: FormData, name: string) =>
	data.getAll(name).map((v) => (typeof v === 'string' ? v.trim() : ''));

/** The publish form: one line per person present; "Name: declared interest" per conflict; up to five actions. */
export function readPublishForm(data: FormData) {
	const method = text(data, 'method');
	const lines = (name: string) =>
		text(data, name)
			.split(/\r?\n/)
			.map((l) => l.trim())
			.filter(Boolean);
	const owners = all(data, 'actionOwner');
	const descriptions = all(data, 'actionDescription');
	const dues = all(data, 'actionDue');
	const actions = descriptions
		.map((description, i) => ({ ownerOrganisationId: owners[i] ?? '', description, dueDate: dues[i] ?? '' }))
		.filter((a) => a.description || a.ownerOrganisationId || a.dueDate);
	const days = Number(text(data, 'dissentDays') || '14');
	const optional = (name: string) => text(data, name).trim() || undefined;
	return {
		method,
		voteId: method === 'vote' ? optional('voteId') : undefined,
		title: text(data, 'title'),
		question: optional('question'),
		// From a vote the outcome is the tally's; one chosen anyway is checked against it (publish.ts).
		outcome: optional('outcome'),
		rationale: text(data, 'rationale'),
		decidedAt: method === 'consensus' ? optional('decidedAt') : undefined,
		decidedWhere: text(data, 'decidedWhere'),
		meetingId: optional('meetingId') ?? null,
		organisations: method === 'consensus' ? all(data, 'organisations').filter(Boolean) : undefined,
		attendees: lines('attendees').map((name) => ({ name })),
		conflicts: lines('conflicts').map((l) => {
			const at = l.indexOf(':');
			return at > 0
				? { name: l.slice(0, at).trim(), declaration: l.slice(at + 1).trim() }
				: { name: l, declaration: '' };
		}),
		// A version is chosen as "<documentId>/<versionId>"; a document alone as its id.
		documentId: (optional('documentVersion')?.split('/')[0] ?? optional('documentId')) || null,
		documentVersionId: optional('documentVersion')?.split('/')[1] || null,
		dissentDays: Number.isInteger(days) ? days : -1,
		actions,
		supersedes: optional('supersedes') ?? null,
		supersedeReason: optional('supersedeReason')
	};
}

export function readActionUpdate(data: FormData) {
	const status = text(data, 'status');
	const due = text(data, 'dueDate');
	return {
		status: status || undefined,
		dueDate: due || undefined,
		note: text(data, 'note').trim() || undefined
	};
}

export function readDissentForm(data: FormData) {
	return { statement: text(data, 'statement'), organisationId: text(data, 'organisationId') || undefined };
}

/** The form that adds an action to a decision. */
export function readActionForm(data: FormData, decisionId: string) {
	return {
		ownerOrganisationId: text(data, 'ownerOrganisationId'),
		description: text(data, 'description'),
		dueDate: text(data, 'dueDate'),
		decisionId
	};
}
