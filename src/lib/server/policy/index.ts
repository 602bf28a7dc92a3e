// May this actor do this to this subject? Every rule of Parity, one file per resource (as Loomio's
// app/models/ability does), gathered here. Commands call `authorize` before they change anything; pages
// call `may` to decide what to offer. docs/policy.md is generated from these rules (npm run docs:policy).
import { Forbidden, Unauthenticated } from '../errors.ts';
import type { Actor, Context, Membership, Rule } from './rules.ts';
import { organisationRules } from './organisations.ts';
import { workspaceRules } from './workspaces.ts';
import { voteRules } from './votes.ts';
import { decisionRules } from './decisions.ts';
import { documentRules } from './documents.ts';
import { commentRules } from './comments.ts';
import { consultationRules } from './consultations.ts';
import { meetingRules } from './meetings.ts';
import { claimRules } from './claims.ts';
import { accountRules } from './accounts.ts';

export type { Actor, Membership } from './rules.ts';
export { atLeast, ROLE_RANK } from './rules.ts';

/** Every rule, by action name (`resource.verb`). */
export const RULES = {
	...workspaceRules,
	...voteRules,
	...decisionRules,
	...documentRules,
	...commentRules,
	...consultationRules,
	...meetingRules,
	...claimRules,
	...organisationRules,
	...accountRules
} as const;

export type Action = keyof typeof RULES;
type SubjectOf<A extends Action> = (typeof RULES)[A] extends Rule<infer S> ? S : never;

function decide<A extends Action>(
	actor: Actor,
	action: A,
	member: Membership | null,
	subject: SubjectOf<A>
): true | string {
	const rule = RULES[action] as unknown as Rule<SubjectOf<A>>;
	if (rule.change && actor.token && actor.token.scope !== 'write') return 'This token is read-only.';
	return rule.check({ actor, member, subject } as Context<SubjectOf<A>>);
}

/** Whether the actor may do `action` to `subject`, given their membership of its workspace. */
export function may<A extends Action>(
	actor: Actor,
	action: A,
	member: Membership | null,
	subject: SubjectOf<A>
): boolean {
	return decide(actor, action, member, subject) === true;
}

/** Refuses (401 without a user, 403 with the rule's reason) unless the actor may do `action`. */
export function authorize<A extends Action>(
	actor: Actor,
	action: A,
	member: Membership | null,
	subject: SubjectOf<A>
): void {
	const answer = decide(actor, action, member, subject);
	if (answer === true) return;
	if (!actor.user) throw new Unauthenticated();
	throw new Forbidden(answer);
}

/** The rules as Markdown, for docs/policy.md: one table per resource. */
export function policyDocument(): string {
	const groups = new Map<string, [string, Rule<unknown>][]>();
	for (const [action, rule] of Object.entries(RULES) as [string, Rule<unknown>][]) {
		const resource = action.split('.')[0];
		groups.set(resource, [...(groups.get(resource) ?? []), [action, rule]]);
	}
	const lines = [
		'# Who may do what',
		'',
		'Generated from `src/lib/server/policy/` by `npm run docs:policy`; a test fails when this file and the rules',
		'differ. Every change is also refused to a read-only access token, and a token limited to some workspaces',
		'reaches no other.',
		''
	];
	for (const [resource, rules] of groups) {
		lines.push(`## ${resource[0].toUpperCase()}${resource.slice(1)}`, '');
		lines.push('| Action | Rule | A change |', '| --- | --- | --- |');
		for (const [action, rule] of rules)
			lines.push(`| \`${action}\` | ${rule.description} | ${rule.change ? 'yes' : 'no'} |`);
		lines.push('');
	}
	return lines.join('\n');
}
