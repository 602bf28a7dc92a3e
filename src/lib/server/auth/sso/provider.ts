// Talking to the OpenID provider, through openid-client: discovery (cached), the authorisation address with
// PKCE, state and nonce, and the code exchange, whose ID token openid-client checks (signature, issuer,
// audience, expiry, nonce). Errors are sorted into the provider being unreachable and its answer refused.
import * as oidc from 'openid-client';
import type { SsoConfig } from './config.ts';

export const SCOPES = 'openid email profile';
/** Seconds to wait for the provider on each request. */
const TIMEOUT = 10;

/** The provider cannot be reached, or did not answer as a provider should (not the person's fault). */
export class ProviderUnavailable extends Error {
	constructor(cause: unknown) {
		super('The single sign-on provider cannot be reached.', { cause });
		this.name = 'ProviderUnavailable';
	}
}

/** The provider's answer failed a check (wrong issuer, audience or nonce, a refused or reused code …). */
export class AnswerRefused extends Error {
	/** The provider's own error code, when it sent one (`access_denied` when the person cancelled). */
	readonly providerError: string | null;
	constructor(cause: unknown, providerError: string | null = null) {
		super('The answer from the single sign-on provider was refused.', { cause });
		this.name = 'AnswerRefused';
		this.providerError = providerError;
	}

	/** What failed, for the log: the check's own words and code (they hold no token, code or secret). */
	get reason(): string {
		const words = (e: unknown) =>
			e instanceof Error ? `${e.message}${'code' in e && e.code ? ` [${String(e.code)}]` : ''}` : String(e);
		const cause = this.cause instanceof Error ? this.cause : null;
		return [cause && words(cause), cause?.cause && words(cause.cause), this.providerError]
			.filter(Boolean)
			.join('; ');
	}
}

const unreachable = (e: unknown) =>
	e instanceof TypeError ||
	(e instanceof Error && (e.name === 'TimeoutError' || e.name === 'AbortError')) ||
	(e instanceof oidc.ClientError && e.code === 'OAUTH_RESPONSE_IS_NOT_CONFORM');

let discovered: { key: SsoConfig; config: Promise<oidc.Configuration> } | undefined;

/** The provider's metadata and keys, found once per process (again after a failure). */
export function providerOf(config: SsoConfig): Promise<oidc.Configuration> {
	if (discovered?.key !== config) {
		const found = oidc
			.discovery(config.issuer, config.clientId, config.clientSecret, undefined, {
				timeout: TIMEOUT,
				// Plain HTTP only for an issuer on this machine (see config.ts).
				execute: config.allowHttp ? [oidc.allowInsecureRequests] : []
			})
			.catch((e: unknown) => {
				discovered = undefined;
				throw new ProviderUnavailable(e);
			});
		discovered = { key: config, config: found };
	}
	return discovered.config;
}

/** A new attempt's secrets: kept on the server, only the state and the challenge go to the provider. */
export type AttemptSecrets = { state: string; nonce: string; codeVerifier: string };

export function newAttemptSecrets(): AttemptSecrets {
	return {
		state: oidc.randomState(),
		nonce: oidc.randomNonce(),
		codeVerifier: oidc.randomPKCECodeVerifier()
	};
}

/** Where to send the browser to sign in at the provider. */
export async function authorizationUrl(
	config: SsoConfig,
	redirectUri: string,
	secrets: AttemptSecrets
): Promise<URL> {
	const provider = await providerOf(config);
	return oidc.buildAuthorizationUrl(provider, {
		redirect_uri: redirectUri,
		scope: SCOPES,
		state: secrets.state,
		nonce: secrets.nonce,
		code_challenge: await oidc.calculatePKCECodeChallenge(secrets.codeVerifier),
		code_challenge_method: 'S256'
	});
}

/** What Parity uses of a checked ID token. */
export type Identity = {
	issuer: string;
	subject: string;
	email: string | null;
	emailVerified: boolean;
	name: string | null;
};

/**
 * Exchanges the code in the provider's answer (the callback address) for tokens, with the PKCE verifier, and
 * returns the ID token's claims once openid-client has checked it. The access token is not kept.
 */
export async function exchangeCode(
	config: SsoConfig,
	callbackUrl: URL,
	secrets: AttemptSecrets
): Promise<Identity> {
	const provider = await providerOf(config);
	let claims: oidc.IDToken | undefined;
	try {
		const tokens = await oidc.authorizationCodeGrant(provider, callbackUrl, {
			pkceCodeVerifier: secrets.codeVerifier,
			expectedState: secrets.state,
			expectedNonce: secrets.nonce,
			idTokenExpected: true
		});
		claims = tokens.claims();
	} catch (e) {
		if (unreachable(e)) throw new ProviderUnavailable(e);
		throw new AnswerRefused(e, e instanceof oidc.AuthorizationResponseError ? e.error : null);
	}
	if (!claims) throw new AnswerRefused(new Error('no ID token'));
	const text = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : null);
	return {
		issuer: claims.iss,
		subject: claims.sub,
		email: text(claims.email)?.toLowerCase() ?? null,
		// Microsoft Entra ID sends no `email_verified` for work accounts; its `xms_edov` (optional claim) says the
		// address's domain is verified as the tenant's own. An explicit `email_verified: false` still refuses.
		emailVerified:
			claims.email_verified === true || (claims.email_verified === undefined && claims.xms_edov === true),
		name: text(claims.name)
	};
}
