import { describe, expect, it } from 'vitest';
import { authorize, may } from '../../src/lib/server/policy/index.ts';
import type { Actor, Membership } from '../../src/lib/server/policy/index.ts';

const user = { id: 'u1', email: 'a@example.org', name: 'A', isAdmin: false, isDemo: false };
const signedIn: Actor = { user, token: null };
const member = (
	role: Membership['role'],
	organisationId: string | null,
	votingDelegate: boolean
): Membership => ({
	role,
	organisationId,
	standing: 'representative',
	votingDelegate
});
const own = { organisationId: 'org-a', assisted: false };

describe('who may cast a ballot (one rule for the page and the API)', () => {
	it('lets a voting delegate cast for their own organisation, whatever their role but observer', () => {
		for (const role of ['commenter', 'editor', 'facilitator'] as const)
			expect(may(signedIn, 'vote.cast', member(role, 'org-a', true), own), role).toBe(true);
		expect(() => authorize(signedIn, 'vote.cast', member('observer', 'org-a', true), own)).toThrow(
			/Observers cannot vote/
		);
	});

	it('refuses a member who is not the delegate, and a delegate of another organisation', () => {
		expect(() => authorize(signedIn, 'vote.cast', member('editor', 'org-a', false), own)).toThrow(
			/Only a voting delegate of this organisation/
		);
		expect(() => authorize(signedIn, 'vote.cast', member('editor', 'org-b', true), own)).toThrow(
			/Only a voting delegate of this organisation/
		);
	});

	it('lets only facilitators record an assisted ballot, for any organisation', () => {
		const assisted = { organisationId: 'org-b', assisted: true };
		expect(may(signedIn, 'vote.cast', member('facilitator', null, false), assisted)).toBe(true);
		expect(() => authorize(signedIn, 'vote.cast', member('editor', 'org-b', true), assisted)).toThrow(
			/Only facilitators can record an assisted ballot/
		);
	});

	it('refuses a read-only token, and asks a visitor to sign in', () => {
		const readOnly: Actor = {
			user,
			token: { id: 't', name: 't', scope: 'read', workspaceIds: null, expiresAt: null }
		};
		expect(() => authorize(readOnly, 'vote.cast', member('editor', 'org-a', true), own)).toThrow(/read-only/);
		expect(() => authorize({ user: null, token: null }, 'vote.open', null, { id: 'v' })).toThrow(/Sign in/);
	});
});
