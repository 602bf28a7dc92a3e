// The vocabulary every policy file uses: who acts, their place in the workspace at hand, and how a rule is
// written. Role comparisons live here and in the policy files beside it, nowhere else.
import type { SessionUser } from '../auth/session.ts';
import type { TokenInfo } from '../auth/tokens.ts';
import type { Role } from '../db/schema/workspaces.ts';

/** Who is acting: a signed-in user (cookie) or a personal access token's user, or nobody. */
export type Actor = { user: SessionUser | null; token: TokenInfo | null };

/** The actor's membership of the workspace a rule is about (null: not a member, or a visitor). */
export type Membership = {
	role: Role;
	organisationId: string | null;
	standing: 'representative' | 'participant';
	votingDelegate: boolean;
};

export const ROLE_RANK: Record<Role, number> = { observer: 0, commenter: 1, editor: 2, facilitator: 3 };

/** Whether a membership has at least the given role. */
export function atLeast(member: Membership | null, min: Role): boolean {
	return !!member && ROLE_RANK[member.role] >= ROLE_RANK[min];
}

/** What every rule is given: the actor, their membership where the subject lives, and the subject. */
export type Context<S> = { actor: Actor; member: Membership | null; subject: S };

/**
 * One rule: a sentence for docs/policy.md, whether it is a change (refused to read-only tokens), and a check
 * that answers true or the reason for refusing, which the person sees.
 */
export type Rule<S> = {
	description: string;
	change: boolean;
	check: (ctx: Context<S>) => true | string;
};

/** A rule about reading or looking. */
export function reading<S>(description: string, check: (ctx: Context<S>) => true | string): Rule<S> {
	return { description, change: false, check };
}

/** A rule about changing something: also refused to read-only tokens. */
export function changing<S>(description: string, check: (ctx: Context<S>) => true | string): Rule<S> {
	return { description, change: true, check };
}

/** The usual refusal when a role is too low. */
export function needs(min: Role): string {
	return `This needs the ${min} role or higher.`;
}
