// Reads of votes for pages and the API, each with its visibility check: votes are members-only (a workspace the
// actor cannot see is NotFound, a visitor of a public one is refused). Every read first brings the vote up to
// date with the clock, so no page shows a vote open after its closing time.
import { getDb, type DB } from '../db/index.ts';
import { loadWorkspace, requireMember, type Actor, type Membership, type Workspace } from '../access.ts';
import { authorize, may } from '../policy/index.ts';
import { Conflict, NotFound } from '../errors.ts';
import { turnout, type ChamberTurnout } from '../../domain/turnout.ts';
import type { TallyResult } from '../../domain/tally.ts';
import { isoUtc, utcToZonedInput } from '../../domain/time.ts';
import { catchUp, currentVote, HAS_OPENED, isDue, resultOf } from './lifecycle.ts';
import * as repo from './repository.ts';
import { getClosedVoteSnapshot } from './snapshot.ts';
import { serializeVote } from './serialize.ts';
import type { Vote } from './repository.ts';
import type { BallotJson, TallyJson } from './schemas.ts';

export type VoteAccess = { vote: Vote; workspace: Workspace; member: Membership; actor: Actor };

/**
 * A vote for someone acting in its workspace, brought up to date with the clock. With `workspaceParam` (the
 * workspace in a page's address), a vote of another workspace is NotFound.
 */
export async function voteFor(actor: Actor, voteId: string, workspaceParam?: string): Promise<VoteAccess> {
	const db = getDb();
	const found = await repo.getVote(db, voteId);
	const { workspace, member } = await requireMember(db, actor, found.workspaceId);
	authorize(actor, 'vote.see', member, found);
	if (workspaceParam !== undefined && workspace.slug !== workspaceParam && workspace.id !== workspaceParam)
		throw new NotFound();
	const vote = isDue(found) ? await currentVote(db, voteId) : found;
	return { vote, workspace, member, actor };
}

/** The votes of a workspace, newest opening first, each brought up to date with the clock. */
export async function workspaceVotes(actor: Actor, workspaceIdOrSlug: string) {
	const db = getDb();
	const { workspace, member } = await requireMember(db, actor, workspaceIdOrSlug);
	for (const v of await repo.listVotes(db, workspace.id)) if (isDue(v)) await catchUp(db, v.id);
	return {
		workspace,
		mayCreate: may(actor, 'vote.create', member, workspace),
		votes: await repo.listVotes(db, workspace.id)
	};
}

/** What may be shown of the figures now: the result after the close, live figures if the vote shows them. */
export async function visibleTally(
	db: DB,
	vote: Vote
): Promise<{ result: TallyResult | null; live: boolean; turnout: ChamberTurnout[] }> {
	const rows = await repo.ballotRows(db, vote.id);
	const shown = turnout(vote.electorate ?? [], rows);
	if (vote.status === 'closed') return { result: vote.result, live: false, turnout: shown };
	if (vote.status === 'open' && vote.showRunningTotals)
		return { result: resultOf(vote, rows), live: true, turnout: shown };
	return { result: null, live: false, turnout: shown };
}

/** The vote page: the vote, the actor's organisation and its ballot, turnout, and what the actor may do. */
export async function votePage(actor: Actor, workspaceParam: string, voteId: string) {
	const db = getDb();
	const { vote, workspace, member } = await voteFor(actor, voteId, workspaceParam);
	const ballots = await repo.listBallots(db, vote.id);
	const electorate = vote.electorate ?? [];
	const ownOrg = member.organisationId
		? electorate.find((e) => e.organisationId === member.organisationId)
		: undefined;
	const ownBallot = ownOrg ? ballots.find((b) => b.organisationId === ownOrg.organisationId) : undefined;
	const voted = new Set(ballots.map((b) => b.organisationId));
	const seeWhoVoted = may(actor, 'vote.seeWhoVoted', member, vote);
	return {
		workspace,
		vote,
		can: {
			edit: may(actor, 'vote.edit', member, vote),
			open: may(actor, 'vote.open', member, vote),
			delete: may(actor, 'vote.delete', member, vote),
			close: may(actor, 'vote.close', member, vote),
			remind: may(actor, 'vote.remind', member, vote),
			assist: may(actor, 'vote.cast', member, { organisationId: '', assisted: true }),
			vote:
				!!ownOrg &&
				may(actor, 'vote.cast', member, { organisationId: ownOrg.organisationId, assisted: false })
		},
		ownOrg: ownOrg ? { id: ownOrg.organisationId, name: ownOrg.name } : null,
		ownBallot: ownBallot
			? {
					choice: ownBallot.choice,
					statement: ownBallot.statement,
					castByName: ownBallot.castByName,
					assistedByName: ownBallot.assistedByName,
					at: ownBallot.updatedAt
				}
			: null,
		ownHistory: ownOrg ? await repo.listBallotChanges(db, vote.id, ownOrg.organisationId) : [],
		electorate: seeWhoVoted
			? electorate.map((e) => ({
					id: e.organisationId,
					name: e.name,
					sector: e.sector,
					voted: voted.has(e.organisationId)
				}))
			: [],
		electorateSize: electorate.length,
		tally: await visibleTally(db, vote)
	};
}

/** The result page of a closed vote: the result and the organisations' statements. */
export async function voteResult(actor: Actor, workspaceParam: string, voteId: string) {
	const { vote } = await voteFor(actor, voteId, workspaceParam);
	if (vote.status !== 'closed' || !vote.result)
		throw new Conflict('The result is published when the vote closes.');
	const ballots = await repo.listBallots(getDb(), vote.id);
	const names = new Map((vote.electorate ?? []).map((e) => [e.organisationId, e.name]));
	return {
		vote: {
			id: vote.id,
			question: vote.question,
			closedAt: vote.closedAt!,
			closedReason: vote.closedReason,
			rule: vote.rule
		},
		result: vote.result,
		statements: ballots
			.filter((b) => b.statement)
			.map((b) => ({
				organisation: names.get(b.organisationId) ?? '',
				choice: b.choice,
				statement: b.statement
			}))
	};
}

/** What the new-vote form needs: the workspace (for its zone), its documents and default times. */
export async function newVoteForm(actor: Actor, workspaceIdOrSlug: string) {
	const db = getDb();
	const { workspace, member } = await loadWorkspace(db, actor, workspaceIdOrSlug);
	authorize(actor, 'vote.create', member, workspace);
	const hour = 3600_000;
	const start = Math.ceil((Date.now() + hour) / hour) * hour;
	return {
		workspace,
		documents: await repo.documentChoices(db, workspace.id),
		defaults: {
			opensAt: utcToZonedInput(start, workspace.timeZone),
			closesAt: utcToZonedInput(start + 7 * 24 * hour, workspace.timeZone)
		}
	};
}

/** What the edit form needs: the vote's fields as the form shows them (Conflict once it has opened). */
export async function editVoteForm(actor: Actor, workspaceParam: string, voteId: string) {
	const { vote, workspace, member } = await voteFor(actor, voteId, workspaceParam);
	authorize(actor, 'vote.edit', member, vote);
	if (vote.status !== 'draft') throw new Conflict(HAS_OPENED);
	const zone = workspace.timeZone;
	return {
		workspace,
		voteId: vote.id,
		documents: await repo.documentChoices(getDb(), workspace.id),
		values: {
			question: vote.question,
			explanation: vote.explanation,
			documentId: vote.documentId ?? '',
			opensAt: utcToZonedInput(vote.opensAt, zone),
			closesAt: utcToZonedInput(vote.closesAt, zone),
			uplift: vote.rule.uplift,
			shareVcse: vote.rule.shares.vcse,
			shareStatutory: vote.rule.shares.statutory,
			quorum: vote.rule.quorum,
			threshold: vote.rule.threshold,
			dualMajority: vote.rule.dualMajority ? 'on' : '',
			showRunningTotals: vote.showRunningTotals ? 'on' : '',
			electorateMode: vote.electorateChoice ? 'chosen' : 'all',
			electorate: vote.electorateChoice ?? []
		}
	};
}

/** The ballots the actor may see: all of them after the close (or with running totals shown), otherwise their organisation's. */
export async function visibleBallots(actor: Actor, voteId: string): Promise<BallotJson[]> {
	const { vote, member } = await voteFor(actor, voteId);
	const all = vote.status === 'closed' || (vote.status === 'open' && vote.showRunningTotals);
	return (await repo.listBallots(getDb(), vote.id))
		.filter((b) => all || b.organisationId === member.organisationId)
		.map((b) => ({
			organisationId: b.organisationId,
			choice: b.choice,
			statement: b.statement,
			assisted: b.assistedBy !== null,
			castBy: b.castByName,
			castAt: isoUtc(b.updatedAt)
		}));
}

/**
 * The tally as the API shows it: after the close, the frozen electorate with weights, the ballots, the rule and
 * every figure. While open, the running figures only if the vote shows them, otherwise turnout per chamber.
 */
export async function tallyView(actor: Actor, voteId: string): Promise<TallyJson> {
	const db = getDb();
	const { vote } = await voteFor(actor, voteId);
	const view = await visibleTally(db, vote);
	if (vote.status === 'closed') {
		const snap = await getClosedVoteSnapshot(db, vote.id);
		return {
			status: vote.status,
			final: true,
			vote: serializeVote(vote),
			electorate: snap.electorate,
			ballots: snap.ballots.map((b) => ({
				organisationId: b.organisationId,
				organisationName: b.organisationName,
				choice: b.choice,
				statement: b.statement,
				assisted: b.assisted,
				castAt: isoUtc(b.castAt)
			})),
			rule: snap.rule,
			result: snap.result,
			turnout: view.turnout
		};
	}
	return {
		status: vote.status,
		final: false,
		vote: serializeVote(vote),
		electorate: vote.electorate,
		rule: vote.rule,
		result: view.result,
		turnout: view.turnout
	};
}
