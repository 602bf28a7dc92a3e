/**
 * Single sign-on settings from the environment (docs/security.md, "Single sign-on"). It is on only when the
 * issuer, the client id and secret and the allowed email domains are all given:
 *
 * - `OIDC_ISSUER`: the provider's issuer identifier, for Microsoft Entra ID
 *   `https://login.microsoftonline.com/<tenant id>/v2.0`. HTTPS, except `http://localhost` or
 *   `http://127.0.0.1` (a provider on the same machine, as in the tests).
 * - `OIDC_CLIENT_ID`, `OIDC_CLIENT_SECRET`: Parity's registration at the provider.
 * - `OIDC_ALLOWED_DOMAINS`: comma-separated email domains whose people may sign in this way (`nhs.net, …`).
 * - `OIDC_NAME`: the provider's name on the sign-in button ("Sign in with …"); "single sign-on" by default.
 */
export type SsoConfig = {
	issuer: URL;
	clientId: string;
	clientSecret: string;
	allowedDomains: string[];
	name: string;
	/** Plain HTTP is allowed for an issuer on this machine only (tests, a local provider). */
	allowHttp: boolean;
};

export type SsoSettings = { config: SsoConfig; problem: null } | { config: null; problem: string | null };

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);
const DOMAIN = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

/**
 * The single sign-on settings, or why they cannot be used (null when none is given: it is simply off). Never
 * echoes the client secret.
 */
export function ssoSettings(env: NodeJS.ProcessEnv = process.env): SsoSettings {
	const issuerText = env.OIDC_ISSUER?.trim();
	const clientId = env.OIDC_CLIENT_ID?.trim();
	const clientSecret = env.OIDC_CLIENT_SECRET?.trim();
	const domainsText = env.OIDC_ALLOWED_DOMAINS?.trim();
	if (!issuerText && !clientId && !clientSecret && !domainsText) return { config: null, problem: null };
	const missing = [
		['OIDC_ISSUER', issuerText],
		['OIDC_CLIENT_ID', clientId],
		['OIDC_CLIENT_SECRET', clientSecret],
		['OIDC_ALLOWED_DOMAINS', domainsText]
	]
		.filter(([, v]) => !v)
		.map(([k]) => k);
	if (missing.length) return { config: null, problem: `${missing.join(', ')} not set.` };
	let issuer: URL;
	try {
		issuer = new URL(issuerText!);
	} catch {
		return { config: null, problem: 'OIDC_ISSUER is not a valid address.' };
	}
	const allowHttp = issuer.protocol === 'http:' && LOCAL_HOSTS.has(issuer.hostname);
	if (issuer.protocol !== 'https:' && !allowHttp)
		return {
			config: null,
			problem: 'OIDC_ISSUER must start with https:// (http:// only for localhost or 127.0.0.1).'
		};
	if (issuer.search || issuer.hash || issuer.username || issuer.password)
		return { config: null, problem: 'OIDC_ISSUER must be the issuer identifier alone, with no query.' };
	const allowedDomains = domainsText!
		.split(',')
		.map((d) => d.trim().toLowerCase().replace(/^@/, ''))
		.filter(Boolean);
	const bad = allowedDomains.find((d) => !DOMAIN.test(d));
	if (bad !== undefined || !allowedDomains.length)
		return {
			config: null,
			problem: `OIDC_ALLOWED_DOMAINS must be email domains separated by commas (not “${bad ?? ''}”).`
		};
	return {
		config: {
			issuer,
			clientId: clientId!,
			clientSecret: clientSecret!,
			allowedDomains,
			name: env.OIDC_NAME?.trim().slice(0, 80) || 'single sign-on',
			allowHttp
		},
		problem: null
	};
}

/** Whether an address's domain is one of the allowed ones (exactly: a subdomain must be listed itself). */
export function domainAllowed(config: Pick<SsoConfig, 'allowedDomains'>, email: string): boolean {
	const at = email.lastIndexOf('@');
	return at > 0 && config.allowedDomains.includes(email.slice(at + 1).toLowerCase());
}

let cached: SsoSettings | undefined;
/** The settings of this process, read once. */
export function currentSso(): SsoSettings {
	cached ??= ssoSettings();
	return cached;
}
