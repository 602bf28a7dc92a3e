import { describe, expect, it } from 'vitest';
import { domainAllowed, ssoSettings } from '../../src/lib/server/auth/sso/config.ts';

const full = {
	OIDC_ISSUER: 'https://login.microsoftonline.com/00000000-0000-0000-0000-000000000000/v2.0',
	OIDC_CLIENT_ID: 'client',
	OIDC_CLIENT_SECRET: 'secret value',
	OIDC_ALLOWED_DOMAINS: ' nhs.net, @Council.gov.uk ,'
};

describe('single sign-on settings', () => {
	it('are off, with nothing to say, when none is given', () => {
		expect(ssoSettings({})).toEqual({ config: null, problem: null });
	});

	it('read the issuer, client, domains (lower-cased) and the button name', () => {
		const { config } = ssoSettings({ ...full, OIDC_NAME: 'NHS (Microsoft Entra ID)' });
		expect(config).toMatchObject({
			clientId: 'client',
			clientSecret: 'secret value',
			allowedDomains: ['nhs.net', 'council.gov.uk'],
			name: 'NHS (Microsoft Entra ID)',
			allowHttp: false
		});
		expect(config!.issuer.href).toBe(full.OIDC_ISSUER);
		expect(ssoSettings(full).config!.name).toBe('single sign-on');
	});

	it('say what is missing or wrong, never echoing the secret', () => {
		expect(ssoSettings({ ...full, OIDC_ALLOWED_DOMAINS: '' }).problem).toBe('OIDC_ALLOWED_DOMAINS not set.');
		expect(ssoSettings({ OIDC_ISSUER: full.OIDC_ISSUER }).problem).toBe(
			'OIDC_CLIENT_ID, OIDC_CLIENT_SECRET, OIDC_ALLOWED_DOMAINS not set.'
		);
		expect(ssoSettings({ ...full, OIDC_ALLOWED_DOMAINS: 'nhs.net, *' }).problem).toContain('not “*”');
		expect(ssoSettings({ ...full, OIDC_ISSUER: 'not a url' }).problem).toContain('not a valid address');
		for (const env of [{}, { OIDC_ALLOWED_DOMAINS: 'x' }, { OIDC_ISSUER: 'http://idp.example' }])
			expect(ssoSettings({ ...full, ...env }).problem ?? '').not.toContain('secret value');
	});

	it('allow plain HTTP for an issuer on this machine only', () => {
		expect(ssoSettings({ ...full, OIDC_ISSUER: 'http://idp.example' }).problem).toContain('https://');
		for (const issuer of ['http://localhost:8080', 'http://127.0.0.1:9000/realm', 'http://[::1]:1'])
			expect(ssoSettings({ ...full, OIDC_ISSUER: issuer }).config?.allowHttp, issuer).toBe(true);
	});
});

describe('allowed email domains', () => {
	const config = { allowedDomains: ['nhs.net'] };
	it('match the whole domain after the last @, in any case', () => {
		expect(domainAllowed(config, 'a.b@NHS.net')).toBe(true);
		expect(domainAllowed(config, 'a@sub.nhs.net')).toBe(false);
		expect(domainAllowed(config, 'a@evilnhs.net')).toBe(false);
		expect(domainAllowed(config, 'a@nhs.net.evil.example')).toBe(false);
		expect(domainAllowed(config, '"x@nhs.net"@evil.example')).toBe(false);
		expect(domainAllowed(config, 'nhs.net')).toBe(false);
	});
});
