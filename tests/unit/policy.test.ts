import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { authorize, may, policyDocument, RULES } from '../../src/lib/server/policy/index.ts';
import type { Actor, Membership } from '../../src/lib/server/policy/index.ts';

const user = { id: 'u1', email: 'a@example.org', name: 'A', isAdmin: false, isDemo: false };
const member = (role: Membership['role']): Membership => ({
	role,
	organisationId: null,
	standing: 'representative',
	votingDelegate: false
});
const signedIn: Actor = { user, token: null };
const readToken: Actor = {
	user,
	token: { id: 't', name: 't', scope: 'read', workspaceIds: null, expiresAt: null }
};

describe('policy', () => {
	it('docs/policy.md lists every rule as the code has it (npm run docs:policy rewrites it)', () => {
		const file = readFileSync(new URL('../../docs/policy.md', import.meta.url), 'utf8');
		expect(file).toBe(policyDocument());
		for (const action of Object.keys(RULES)) expect(file).toContain(`\`${action}\``);
	});

	it('answers with the rule: facilitators manage, editors do not', () => {
		const ws = { visibility: 'private' as const };
		expect(may(signedIn, 'workspace.manage', member('facilitator'), ws)).toBe(true);
		expect(may(signedIn, 'workspace.manage', member('editor'), ws)).toBe(false);
		expect(() => authorize(signedIn, 'workspace.manage', member('editor'), ws)).toThrow(/facilitator/);
	});

	it('refuses every change to a read-only token, whatever the role', () => {
		const ws = { visibility: 'public' as const };
		for (const [action, rule] of Object.entries(RULES)) {
			if (!rule.change) continue;
			expect(() =>
				authorize(readToken, action as keyof typeof RULES, member('facilitator'), ws as never)
			).toThrow(/read-only/);
		}
	});

	it('asks a visitor to sign in rather than calling them forbidden', () => {
		const nobody: Actor = { user: null, token: null };
		expect(() => authorize(nobody, 'workspace.readMembersOnly', null, { visibility: 'public' })).toThrow(
			/Sign in/
		);
	});
});
