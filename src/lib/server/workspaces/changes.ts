// What a change to a workspace's members and partners says in the governance history
// (src/lib/server/governance/history.ts): the member or partner in words, and what changed from what to what.
import { differences, yesNo, type Change } from '../governance/history.ts';
import type { Member } from './members.ts';
import type { Partner } from './partners.ts';
import type { Workspace } from './repository.ts';

const ROLE_WORDS = (r: string) => r;
const orgWords = (name: string | null) => name ?? 'no organisation';

/** A member as the history names them: "Amara Okoye, editor for Riverside CVS, voting delegate". */
export function memberWords(m: Member): string {
	return `${m.name}, ${m.role}${m.organisationName ? ` for ${m.organisationName}` : ''}${m.votingDelegate ? ', voting delegate' : ''}`;
}

/**
 * A member added or removed as a decision record says it, naming their organisation but not them; null when
 * it bears on no vote (no organisation).
 */
export function memberPublicWords(m: Member, what: 'added' | 'removed'): string | null {
	if (!m.organisationName) return null;
	return `${m.votingDelegate ? 'Voting delegate' : 'Member'} for ${m.organisationName} ${what}`;
}

/** A change to a member as a decision record says it: who acts for which organisation, and as a delegate. */
function memberChangePublicWords(before: Member, after: Member): string | null {
	if (before.organisationId !== after.organisationId) {
		const role = (m: Member) => (m.votingDelegate ? 'voting delegate' : 'member');
		return `A ${role(before)} for ${orgWords(before.organisationName)} now acts as ${role(after)} for ${orgWords(after.organisationName)}`;
	}
	if (before.votingDelegate !== after.votingDelegate)
		return `Voting delegate for ${orgWords(after.organisationName)} ${after.votingDelegate ? 'added' : 'removed'}`;
	return null;
}

export function memberChange(before: Member, after: Member): Change | null {
	const said = differences(before, after, {
		role: ROLE_WORDS,
		organisationName: orgWords,
		standing: (v) => v,
		votingDelegate: yesNo
	}).map((d) => d.replace(/^organisationName:/, 'acts for:').replace(/^votingDelegate:/, 'voting delegate:'));
	if (!said.length) return null;
	return {
		kind: 'member.changed',
		subjectId: after.userId,
		summary: `${after.name}: ${said.join('; ')}`,
		concernsVotes:
			before.organisationId !== after.organisationId || before.votingDelegate !== after.votingDelegate,
		publicSummary: memberChangePublicWords(before, after)
	};
}

export function partnerWords(p: Partner): string {
	const chamber = p.sector === 'vcse' ? 'VCSE chamber' : 'statutory chamber';
	const flags =
		p.sector === 'vcse' ? `, grassroots: ${yesNo(p.grassroots)}, by and for: ${yesNo(p.byAndFor)}` : '';
	return `${p.name} (${chamber}, ${p.sizeBand}${flags})`;
}

export function partnerChange(before: Partner, after: Partner): Change | null {
	const said = differences(before, after, {
		sector: (v) => (v === 'vcse' ? 'VCSE' : 'statutory'),
		sizeBand: (v) => v,
		grassroots: yesNo,
		byAndFor: yesNo,
		confirmed: yesNo
	}).map((d) =>
		d
			.replace(/^sector:/, 'chamber:')
			.replace(/^sizeBand:/, 'size band:')
			.replace(/^byAndFor:/, 'by and for:')
			.replace(/^confirmed:/, 'record confirmed:')
	);
	if (!said.length) return null;
	return {
		kind: 'partner.changed',
		subjectId: after.organisationId,
		summary: `${after.name}: ${said.join('; ')}`,
		concernsVotes: true
	};
}

/** A change to the workspace's settings that bears on who may act: whether voting delegates need two factors. */
export function workspaceChange(before: Workspace, after: Workspace): Change | null {
	const said = differences(before, after, { requireTwoFactor: yesNo }).map((d) =>
		d.replace(/^requireTwoFactor:/, 'two-factor sign-in required of voting delegates:')
	);
	if (!said.length) return null;
	return { kind: 'workspace.changed', subjectId: after.id, summary: said.join('; '), concernsVotes: true };
}
