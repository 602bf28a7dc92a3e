import { describe, expect, it } from 'vitest';
import { safeNextPath } from '../../src/lib/server/auth/next-path.ts';

const ORIGIN = 'https://parity.example';
const next = (s: string | null) => safeNextPath(s, ORIGIN);

describe('safeNextPath', () => {
	it('keeps same-site paths with their query and fragment', () => {
		expect(next('/w/some-workspace?tab=votes#open')).toBe('/w/some-workspace?tab=votes#open');
		expect(next('/invite/abc')).toBe('/invite/abc');
		expect(next('/a/../settings')).toBe('/settings');
		expect(next(`${ORIGIN}/settings`)).toBe('/'); // absolute addresses are refused, even this site's
	});

	it('refuses what normalises to another host', () => {
		for (const s of [
			'/.//evil.example',
			'/..//evil.example',
			'/a/..//evil.example',
			'/a/b/../..//evil.example',
			'/%2e//evil.example',
			'/%2E%2E//evil.example',
			'/./%2e//evil.example',
			'/%2F%2Fevil.example',
			'/%2f/evil.example',
			'/%5Cevil.example',
			'//evil.example',
			'///evil.example'
		])
			expect(next(s), s).toBe('/');
	});

	it('refuses backslashes, tabs, line breaks and other control characters or spaces', () => {
		for (const s of [
			'/\\evil.example',
			'/\\/evil.example',
			'/\t/evil.example',
			'/\n/evil.example',
			'/\r\n/evil.example',
			'/.\t//evil.example',
			'/\u0000/evil.example',
			'/\u00a0/evil.example',
			' //evil.example'
		])
			expect(next(s), JSON.stringify(s)).toBe('/');
	});

	it('refuses absolute and scheme-relative addresses and other schemes', () => {
		for (const s of [
			'https://evil.example/',
			'http://evil.example',
			'//evil.example/',
			'javascript:alert(1)',
			'data:text/html,hi',
			'evil.example',
			'',
			null
		])
			expect(next(s), String(s)).toBe('/');
	});
});
