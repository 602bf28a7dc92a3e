import { describe, expect, it } from 'vitest';
import { loggablePath, redactSecrets } from '../../src/lib/server/log.ts';

describe('redactSecrets', () => {
	it('removes the secret of invitation, reset, consultation-link and unsubscribe addresses', () => {
		expect(redactSecrets('[404] POST /invite/AbC123_-xyz')).toBe('[404] POST /invite/[redacted]');
		expect(redactSecrets('[410] GET /guest/abcdefgh234567')).toBe('[410] GET /guest/[redacted]');
		expect(redactSecrets('[500] GET /calendar/abcdefgh234567.ics')).toBe('[500] GET /calendar/[redacted]');
		expect(redactSecrets('see https://p.example/reset/tok3n?x=1 now')).toBe(
			'see https://p.example/reset/[redacted]?x=1 now'
		);
		expect(redactSecrets('/consult/abc/def')).toBe('/consult/[redacted]/def');
		expect(redactSecrets('/consult/confirm/g1.abc')).toBe('/consult/confirm/[redacted]');
		expect(redactSecrets('"/unsubscribe/u-123"')).toBe('"/unsubscribe/[redacted]"');
		expect(redactSecrets('POST /unsubscribe/one-click/u-123')).toBe('POST /unsubscribe/one-click/[redacted]');
		// Other paths, even with similar names, are kept.
		expect(redactSecrets('/w/ws/consultations/c1 /api/v1/invitations/i1')).toBe(
			'/w/ws/consultations/c1 /api/v1/invitations/i1'
		);
	});

	it('removes secret query parameters and access tokens', () => {
		expect(redactSecrets('/x?token=abc&next=/w&code=123')).toBe(
			'/x?token=[redacted]&next=/w&code=[redacted]'
		);
		expect(redactSecrets('Bearer parity_pat_AbCdEf0123_-z')).toBe('Bearer parity_pat_[redacted]');
	});
});

describe('loggablePath', () => {
	it('decodes before redacting, so an encoded route name does not hide the secret', () => {
		expect(loggablePath('/%69nvite/s3cret')).toBe('/invite/[redacted]');
		expect(loggablePath('/%E0%A4%A/x')).toBe('/%E0%A4%A/x'); // not decodable: kept as it came
	});

	it('shows control characters as escapes, so a path cannot forge a log line', () => {
		expect(loggablePath('/a%0A[500] GET /b')).toBe('/a\\u000a[500] GET /b');
	});
});
