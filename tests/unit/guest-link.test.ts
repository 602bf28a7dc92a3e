// When a guest's personal link works: until it is used, the meeting is cancelled, or 30 days after the meeting
// ended (whichever comes first). The secret is random, and only its hash is kept.
import { describe, expect, it } from 'vitest';
import { LINK_GRACE_MS, linkState, newGuestLink } from '../../src/lib/server/meetings/guests.ts';
import { hashSecret } from '../../src/lib/domain/secrets.ts';

const endsAt = Date.UTC(2030, 5, 1, 12);
const scheduled = { status: 'scheduled', endsAt };
const unused = { linkUsedAt: null };

describe('a guest link', () => {
	it('works before and after the meeting until 30 days after its end', () => {
		expect(linkState(unused, scheduled, endsAt - 86_400_000)).toBe('open');
		expect(linkState(unused, scheduled, endsAt + LINK_GRACE_MS - 1)).toBe('open');
		expect(linkState(unused, scheduled, endsAt + LINK_GRACE_MS)).toBe('expired');
		expect(LINK_GRACE_MS).toBe(30 * 86_400_000);
	});

	it('is used once, and stops with a cancelled meeting', () => {
		expect(linkState({ linkUsedAt: endsAt - 5 }, scheduled, endsAt)).toBe('used');
		expect(linkState(unused, { status: 'cancelled', endsAt }, endsAt - 1)).toBe('cancelled');
		expect(linkState({ linkUsedAt: 1 }, { status: 'cancelled', endsAt }, endsAt + LINK_GRACE_MS)).toBe(
			'cancelled'
		);
	});

	it('has a fresh random secret each time, stored as its SHA-256', () => {
		const a = newGuestLink();
		const b = newGuestLink();
		expect(a.secret).toMatch(/^[a-z2-7]{32}$/);
		expect(a.secret).not.toBe(b.secret);
		expect(a.hash).toBe(hashSecret(a.secret));
		expect(a.hash).not.toContain(a.secret);
	});
});
