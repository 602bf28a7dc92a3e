// One function per thing a person does to a vote, called alike by the vote pages' form actions and the API.
// Each loads what it needs, checks the policy, checks the input, changes the vote through lifecycle.ts and
// returns plain data; refusals are domain errors (errors.ts).
import { getDb, transaction } from '../db/index.ts';
import { loadWorkspace, requireUser, type Actor } from '../access.ts';
import { authorize } from '../policy/index.ts';
import { Conflict } from '../errors.ts';
import * as lifecycle from './lifecycle.ts';
import { voteFor } from './queries.ts';
import { getVote, type Vote } from './repository.ts';
import { asRecord, readInput } from '../fields.ts';
import { ballotInput, closeInput, localTimes, voteInput, votePatch } from './schemas.ts';
import { recordChanges } from '../governance/history.ts';

/** What the governance history names when a vote's draft changes (what it counts and when). */
const DRAFT_WORDS: [keyof Vote, string][] = [
	['question', 'question'],
	['rule', 'rule'],
	['electorateChoice', 'electorate'],
	['opensAt', 'opening time'],
	['closesAt', 'closing time'],
	['documentVersionId', 'document version'],
	['showRunningTotals', 'running totals shown']
];

/** How a door sends its input: the vote form types times in the workspace's zone, to the minute. */
export type InputOptions = { localTimes?: boolean };

/** Creates a draft vote in a workspace (facilitators). */
export async function createVote(
	actor: Actor,
	workspaceIdOrSlug: string,
	input: unknown,
	options: InputOptions = {}
): Promise<{ vote: Vote; workspaceSlug: string }> {
	const db = getDb();
	const { workspace, member } = await loadWorkspace(db, actor, workspaceIdOrSlug);
	authorize(actor, 'vote.create', member, workspace);
	const draft = readInput(
		voteInput,
		options.localTimes ? localTimes(asRecord(input), workspace.timeZone) : input
	);
	const vote = await lifecycle.createVote(db, workspace.id, draft, requireUser(actor).id);
	return { vote, workspaceSlug: workspace.slug };
}

/** Edits a vote before it opens (facilitators); Conflict once it has opened. */
export async function updateVote(
	actor: Actor,
	voteId: string,
	input: unknown,
	options: InputOptions = {}
): Promise<Vote> {
	const { vote, workspace, member } = await voteFor(actor, voteId);
	authorize(actor, 'vote.edit', member, vote);
	const patch = readInput(
		votePatch,
		options.localTimes ? localTimes(asRecord(input), workspace.timeZone) : input
	);
	const db = getDb();
	return await transaction(db, async (tx) => {
		const before = await getVote(tx, vote.id);
		const after = await lifecycle.updateVote(tx, vote.id, patch, Date.now(), {
			typedToTheMinute: options.localTimes
		});
		const changed = DRAFT_WORDS.filter(
			([key]) => JSON.stringify(before[key]) !== JSON.stringify(after[key])
		).map(([, words]) => words);
		if (changed.length)
			await recordChanges(tx, vote.workspaceId, requireUser(actor), [
				{
					kind: 'vote.edited',
					subjectId: vote.id,
					summary: `Vote “${after.question}” before opening: ${changed.join(', ')} changed`,
					concernsVotes: true
				}
			]);
		return after;
	});
}

/** Deletes a vote that has not opened (facilitators). */
export async function deleteVote(actor: Actor, voteId: string): Promise<void> {
	const { vote, member } = await voteFor(actor, voteId);
	authorize(actor, 'vote.delete', member, vote);
	await lifecycle.deleteDraft(getDb(), vote.id);
}

export const ALREADY_OPEN = 'This vote has already opened.';

/**
 * Opens a vote now, before its opening time (facilitators): the electorate, the weights and the rule are
 * frozen. Conflict when it has already opened (or closed).
 */
export async function openVote(actor: Actor, voteId: string): Promise<Vote> {
	const { vote, member } = await voteFor(actor, voteId);
	authorize(actor, 'vote.open', member, vote);
	const db = getDb();
	return await transaction(db, async (tx) => {
		if ((await getVote(tx, vote.id)).status !== 'draft') throw new Conflict(ALREADY_OPEN);
		const opened = await lifecycle.openVote(tx, vote.id, Date.now(), true);
		await recordChanges(tx, vote.workspaceId, requireUser(actor), [
			{
				kind: 'vote.opened',
				subjectId: vote.id,
				summary: `Vote “${opened.question}” opened before its opening time`,
				concernsVotes: true
			}
		]);
		return opened;
	});
}

/** Closes an open vote before its closing time, with a stated reason (facilitators). */
export async function closeVote(actor: Actor, voteId: string, input: unknown): Promise<Vote> {
	const { vote, member } = await voteFor(actor, voteId);
	authorize(actor, 'vote.close', member, vote);
	const { reason } = readInput(closeInput, input);
	const user = requireUser(actor);
	const db = getDb();
	return await transaction(db, async (tx) => {
		const closed = await lifecycle.closeVoteEarly(tx, vote.id, reason, user.id);
		// Past its closing time it closed as scheduled: nobody closed it early.
		if (closed.closedBy === user.id)
			await recordChanges(tx, vote.workspaceId, user, [
				{
					kind: 'vote.closed',
					subjectId: vote.id,
					summary: `Vote “${closed.question}” closed before its closing time: ${reason}`,
					concernsVotes: true
				}
			]);
		return closed;
	});
}

/**
 * Casts or changes an organisation's ballot: by its voting delegate, or recorded by a facilitator as assisted
 * (policy `vote.cast`). With `ownOrganisation` (the vote page's own ballot form) the ballot is for the
 * actor's organisation, whatever the input says.
 */
export async function castBallot(
	actor: Actor,
	voteId: string,
	input: unknown,
	options: { ownOrganisation?: boolean } = {}
): Promise<lifecycle.CastResult> {
	const { vote, member } = await voteFor(actor, voteId);
	let ballot;
	if (options.ownOrganisation) {
		const own = { organisationId: member.organisationId ?? '', assisted: false };
		authorize(actor, 'vote.cast', member, own);
		ballot = readInput(ballotInput, { ...asRecord(input), ...own });
	} else {
		ballot = readInput(ballotInput, input);
		authorize(actor, 'vote.cast', member, ballot);
	}
	return await lifecycle.castBallot(getDb(), vote.id, ballot, requireUser(actor).id);
}
