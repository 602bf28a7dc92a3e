// Single sign-on from the redirect to the provider to a person Parity knows (docs/security.md, "Single
// sign-on"). A provider account already linked signs in; an account with the same verified address is linked
// only once its password is entered too; a pending invitation to the address makes the account. The route
// starts the session (auth/session.ts, method 'single sign-on').
import { and, eq, lt } from 'drizzle-orm';
import { affected, one, transaction, type DB } from '../../db/index.ts';
import { newId } from '../../db/ids.ts';
import { ssoAttempts, ssoIdentities, ssoPendingLinks } from '../../db/schema/index.ts';
import { hashSecret, randomBase32, sameText } from '../../../domain/secrets.ts';
import { Conflict, NotFound, RateLimited } from '../../errors.ts';
import { verifyPassword } from '../password.ts';
import { logWarning } from '../../log.ts';
import * as throttle from '../rate-limit.ts';
import {
	emailSchema,
	findUserByEmail,
	getUser,
	hasPassword,
	insertUser,
	nameSchema,
	NO_PASSWORD,
	type User,
	UserInputError
} from '../../users.ts';
import { acceptInvitation, pendingInvitationsFor } from '../../workspaces/invitations.ts';
import { domainAllowed, type SsoConfig } from './config.ts';
import {
	AnswerRefused,
	authorizationUrl,
	exchangeCode,
	newAttemptSecrets,
	ProviderUnavailable,
	type Identity
} from './provider.ts';

/** How long the provider has to answer, and the person to confirm a link with their password. */
export const ATTEMPT_LIFETIME = 10 * 60 * 1000;

/** Why single sign-on did not sign the person in, with the status to answer (never a 5xx for their input). */
export class SignInRefused extends Error {
	readonly status: number;
	constructor(status: number, message: string) {
		super(message);
		this.name = 'SignInRefused';
		this.status = status;
	}
}

function unavailable(e: ProviderUnavailable) {
	const cause = e.cause instanceof Error ? e.cause : null;
	const why = [cause?.message, cause?.cause instanceof Error ? cause.cause.message : null].filter(Boolean);
	logWarning(`Single sign-on: the provider cannot be reached (${why.join('; ') || 'no reason given'}).`);
	return new SignInRefused(
		503,
		'Single sign-on is unavailable at the moment. Sign in with your password instead.'
	);
}
const stale = () =>
	new SignInRefused(
		400,
		'This sign-in answer is not one Parity is waiting for: it was used already, has expired, or was started in another browser. Start again from the sign-in page.'
	);

/** Starts an attempt: returns the provider's address to send the browser to, and the state for its cookie. */
export async function beginSignIn(
	db: DB,
	config: SsoConfig,
	input: { redirectUri: string; next: string },
	now = Date.now()
): Promise<{ url: URL; state: string; expiresAt: number }> {
	const secrets = newAttemptSecrets();
	let url: URL;
	try {
		url = await authorizationUrl(config, input.redirectUri, secrets);
	} catch (e) {
		if (e instanceof ProviderUnavailable) throw unavailable(e);
		throw e;
	}
	const expiresAt = now + ATTEMPT_LIFETIME;
	await transaction(db, async () => {
		await db.delete(ssoAttempts).where(lt(ssoAttempts.expiresAt, now));
		await db.insert(ssoAttempts).values({
			stateHash: hashSecret(secrets.state),
			nonce: secrets.nonce,
			codeVerifier: secrets.codeVerifier,
			next: input.next,
			expiresAt
		});
	});
	return { url, state: secrets.state, expiresAt };
}

export type Outcome =
	/** A linked provider account: sign this person in. */
	| { kind: 'signed in'; userId: string; next: string }
	/** An account with this address, not linked yet: ask for its password (the token goes in a cookie). */
	| { kind: 'link'; token: string; expiresAt: number }
	/** A new account made from an invitation, linked: sign them in. */
	| { kind: 'joined'; userId: string; next: string };

/**
 * Takes the provider's answer (the callback address). The state must match the browser's cookie and an
 * attempt not yet used (it is used up here, before the code is exchanged), then the ID token is checked and
 * the verified address decides what happens.
 */
export async function finishSignIn(
	db: DB,
	config: SsoConfig,
	input: { callbackUrl: URL; cookieState: string | null },
	now = Date.now()
): Promise<Outcome> {
	const state = input.callbackUrl.searchParams.get('state');
	if (!state || !input.cookieState || state.length > 200 || !sameText(state, input.cookieState))
		throw stale();
	const attempt = one(
		await db
			.delete(ssoAttempts)
			.where(eq(ssoAttempts.stateHash, hashSecret(state)))
			.returning()
	);
	if (!attempt || attempt.expiresAt <= now) throw stale();

	let identity: Identity;
	try {
		identity = await exchangeCode(config, input.callbackUrl, {
			state,
			nonce: attempt.nonce,
			codeVerifier: attempt.codeVerifier
		});
	} catch (e) {
		if (e instanceof ProviderUnavailable) throw unavailable(e);
		if (e instanceof AnswerRefused && e.providerError === 'access_denied')
			throw new SignInRefused(400, `Signing in with ${config.name} was cancelled.`);
		if (e instanceof AnswerRefused) {
			logWarning(`Single sign-on: the provider's answer was refused (${e.reason}).`);
			throw new SignInRefused(
				400,
				`The answer from ${config.name} could not be trusted (it did not come from the expected provider, or failed a check), so you are not signed in. Start again from the sign-in page.`
			);
		}
		throw e;
	}
	const email = identity.email;
	if (!email)
		throw new SignInRefused(
			403,
			`${config.name} did not give Parity your email address, so you cannot sign in this way.`
		);
	if (!identity.emailVerified)
		throw new SignInRefused(
			403,
			`${config.name} has not verified your email address (${email}), so Parity cannot tell that it is yours. Sign in with your password instead.`
		);
	if (!domainAllowed(config, email))
		throw new SignInRefused(
			403,
			`Addresses at ${email.slice(email.lastIndexOf('@') + 1)} cannot sign in with ${config.name}. Sign in with your password instead.`
		);

	const linked = one(
		await db
			.select()
			.from(ssoIdentities)
			.where(and(eq(ssoIdentities.issuer, identity.issuer), eq(ssoIdentities.subject, identity.subject)))
			.limit(1)
	);
	if (linked) {
		const account = await getUser(db, linked.userId);
		if (account?.disabledAt != null)
			throw new SignInRefused(403, 'This Parity account is disabled. Ask an administrator.');
		await db.update(ssoIdentities).set({ lastUsedAt: now }).where(eq(ssoIdentities.id, linked.id));
		return { kind: 'signed in', userId: linked.userId, next: attempt.next };
	}

	const user = await findUserByEmail(db, email);
	if (user) {
		const other = one(
			await db
				.select({ id: ssoIdentities.id })
				.from(ssoIdentities)
				.where(and(eq(ssoIdentities.userId, user.id), eq(ssoIdentities.issuer, identity.issuer)))
				.limit(1)
		);
		if (other)
			throw new SignInRefused(
				403,
				`Your Parity account is linked to another ${config.name} account. Sign in with that one, or with your password.`
			);
		const token = randomBase32(20);
		const expiresAt = now + ATTEMPT_LIFETIME;
		await transaction(db, async () => {
			await db.delete(ssoPendingLinks).where(lt(ssoPendingLinks.expiresAt, now));
			await db.insert(ssoPendingLinks).values({
				tokenHash: hashSecret(token),
				userId: user.id,
				issuer: identity.issuer,
				subject: identity.subject,
				email,
				next: attempt.next,
				expiresAt
			});
		});
		return { kind: 'link', token, expiresAt };
	}

	const invitations = await pendingInvitationsFor(db, email, now);
	if (!invitations.length)
		throw new SignInRefused(
			403,
			`No Parity account uses ${email}. People join through an invitation: ask a facilitator to invite you.`
		);
	if (!emailSchema.safeParse(email).success)
		throw new SignInRefused(403, `Parity cannot make an account for the address ${config.name} gave.`);
	const named = nameSchema.safeParse(identity.name ?? '');
	const newUser: User = {
		id: newId(),
		email,
		name: named.success ? named.data : email.slice(0, email.indexOf('@')).slice(0, 120),
		passwordHash: NO_PASSWORD,
		isAdmin: false,
		isDemo: false,
		createdAt: now,
		disabledAt: null
	};
	try {
		await transaction(db, async () => {
			await insertUser(db, newUser);
			await insertIdentity(db, newUser.id, identity.issuer, identity.subject, email, now);
			for (const inv of invitations) await acceptInvitation(db, inv.id, newUser.id, now);
		});
	} catch (e) {
		// The same person signing in twice at once: the other sign-in made the account.
		if (e instanceof UserInputError)
			throw new SignInRefused(409, 'Your account was made a moment ago. Sign in again.');
		throw e;
	}
	return { kind: 'joined', userId: newUser.id, next: `/w/${invitations[0].workspaceSlug}` };
}

async function insertIdentity(
	db: DB,
	userId: string,
	issuer: string,
	subject: string,
	email: string,
	now: number
) {
	try {
		await db
			.insert(ssoIdentities)
			.values({ id: newId(), userId, issuer, subject, email, linkedAt: now, lastUsedAt: now });
	} catch (e) {
		if (String((e as Error).message).includes('UNIQUE'))
			throw new Conflict('This account at the provider is already linked to a Parity account.');
		throw e;
	}
}

async function findPending(db: DB, token: string, now: number) {
	if (!/^[a-z2-7]{32}$/.test(token)) return undefined;
	const row = one(
		await db
			.select()
			.from(ssoPendingLinks)
			.where(eq(ssoPendingLinks.tokenHash, hashSecret(token)))
			.limit(1)
	);
	return row && row.expiresAt > now ? row : undefined;
}

/** The link waiting for a password, for its page: the address, and whether the account has a password. */
export async function pendingLink(db: DB, token: string, now = Date.now()) {
	const row = await findPending(db, token, now);
	const user = row && (await getUser(db, row.userId));
	if (!row || !user) return null;
	return { email: user.email, hasPassword: hasPassword(user) };
}

/**
 * Links the provider account waiting under `token` once the account's password is entered (throttled like
 * signing in). Returns who to sign in and where to go. Throws NotFound (expired), RateLimited, Conflict, or
 * SignInRefused(400) for a wrong password.
 */
export async function confirmLink(
	db: DB,
	input: { token: string; password: string; ip: string },
	now = Date.now()
): Promise<{ userId: string; next: string }> {
	const row = await findPending(db, input.token, now);
	const user = row && (await getUser(db, row.userId));
	if (!row || !user)
		throw new NotFound('This request to link your account has expired. Sign in with single sign-on again.');
	const check = await throttle.reserveAttempt(db, user.email, input.ip, now);
	if (!check.allowed) throw new RateLimited(throttle.waitMessage(check.retryAfterMs));
	if (input.password.length > 256 || !(await verifyPassword(user.passwordHash, input.password)))
		throw new SignInRefused(400, 'That password is not right.');
	await throttle.recordSuccess(db, user.email, input.ip);
	await transaction(db, async () => {
		const taken = one(
			await db.delete(ssoPendingLinks).where(eq(ssoPendingLinks.tokenHash, row.tokenHash)).returning()
		);
		if (!taken) throw new NotFound('This request to link your account was used already.');
		await insertIdentity(db, user.id, row.issuer, row.subject, row.email, now);
	});
	return { userId: user.id, next: row.next };
}

/** A person's linked provider accounts, for the settings page. */
export async function identitiesOf(db: DB, userId: string) {
	return await db
		.select({
			id: ssoIdentities.id,
			issuer: ssoIdentities.issuer,
			email: ssoIdentities.email,
			linkedAt: ssoIdentities.linkedAt,
			lastUsedAt: ssoIdentities.lastUsedAt
		})
		.from(ssoIdentities)
		.where(eq(ssoIdentities.userId, userId))
		.orderBy(ssoIdentities.linkedAt);
}

/** Unlinks one of the person's provider accounts; refused when they have no password to sign in with. */
export async function unlinkIdentity(db: DB, userId: string, identityId: string): Promise<void> {
	const user = await getUser(db, userId);
	if (!user) throw new NotFound('No such account.');
	if (!hasPassword(user))
		throw new Conflict(
			'Your account has no password yet, so unlinking would leave you no way to sign in. Set one first: sign out and use “Forgot your password?”.'
		);
	const r = await db
		.delete(ssoIdentities)
		.where(and(eq(ssoIdentities.id, identityId), eq(ssoIdentities.userId, userId)));
	if (affected(r) !== 1) throw new NotFound('That link does not exist or was already removed.');
}
