/**
 * Reading the vote form (pages, without JavaScript as well as with it): times typed in the workspace's
 * zone, rule numbers as typed, and the electorate choice.
 */
import { error } from '@sveltejs/kit';
import { and, asc, eq } from 'drizzle-orm';
import type { DB } from './db/index.ts';
import { documents } from './db/schema/index.ts';
import { zonedInstant } from './fields.ts';
import { voteInput, votePatch } from './votes.ts';
import { describeIssues } from './api.ts';

function text(data: FormData, name: string): string {
	const v = data.get(name);
	return typeof v === 'string' ? v.trim() : '';
}

function time(data: FormData, name: string, label: string, zone: string): number {
	const raw = text(data, name);
	if (!raw) error(422, { message: `Enter the ${label}.`, code: 'invalid' });
	const at = zonedInstant(raw, zone, `The ${label}`);
	if (at === null) error(422, { message: `The ${label} is not a valid date and time.`, code: 'invalid' });
	return at;
}

/** The fields of the vote form as API-shaped input; throws 422 with a readable message when malformed. */
export function readVoteForm(data: FormData, timeZone: string) {
	const mode = text(data, 'electorateMode');
	const input = {
		question: text(data, 'question'),
		explanation: text(data, 'explanation'),
		documentId: text(data, 'documentId') || null,
		opensAt: time(data, 'opensAt', 'opening time', timeZone),
		closesAt: time(data, 'closesAt', 'closing time', timeZone),
		rule: {
			uplift: text(data, 'uplift'),
			shares: { vcse: text(data, 'shareVcse'), statutory: text(data, 'shareStatutory') },
			quorum: text(data, 'quorum'),
			threshold: text(data, 'threshold'),
			dualMajority: data.get('dualMajority') === 'on'
		},
		showRunningTotals: data.get('showRunningTotals') === 'on',
		electorate:
			mode === 'chosen' ? data.getAll('electorate').filter((v): v is string => typeof v === 'string') : null
	};
	return input;
}

export function parseNewVote(data: FormData, timeZone: string) {
	const parsed = voteInput.safeParse(readVoteForm(data, timeZone));
	if (!parsed.success) error(422, { message: describeIssues(parsed.error.issues), code: 'invalid' });
	return parsed.data;
}

export function parseVoteEdit(data: FormData, timeZone: string) {
	const parsed = votePatch.safeParse(readVoteForm(data, timeZone));
	if (!parsed.success) error(422, { message: describeIssues(parsed.error.issues), code: 'invalid' });
	return parsed.data;
}

/** The workspace's documents, for the optional link. */
export async function documentChoices(db: DB, workspaceId: string) {
	return await db
		.select({ id: documents.id, title: documents.title })
		.from(documents)
		.where(and(eq(documents.workspaceId, workspaceId)))
		.orderBy(asc(documents.title));
}
