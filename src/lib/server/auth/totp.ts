// Authenticator codes (TOTP, RFC 6238, with @oslojs/otp) and recovery codes: making them, showing them and
// checking them. No storage here: auth/two-factor.ts keeps the key, the last step used and the codes' hashes.
import { createTOTPKeyURI, generateHOTP } from '@oslojs/otp';
import { decodeBase32IgnorePadding, encodeBase32UpperCaseNoPadding } from '@oslojs/encoding';
import { hashSecret, randomBase32, sameText } from '../../domain/secrets.ts';

/** What every authenticator app takes by default: 6 digits, a new code every 30 seconds. */
export const DIGITS = 6;
export const PERIOD_SECONDS = 30;
/** Codes one step either side of now are taken too, for a phone's clock that is a little off. */
export const DRIFT_STEPS = 1;
export const RECOVERY_CODE_COUNT = 10;
const ISSUER = 'Parity';

/** A new TOTP key: 160 random bits (RFC 4226's recommended length), in base32 as apps take it. */
export function newKey(): string {
	return encodeBase32UpperCaseNoPadding(crypto.getRandomValues(new Uint8Array(20)));
}

/** The key in groups of four, for typing into an app by hand. */
export function groupedKey(key: string): string {
	return key.match(/.{1,4}/g)!.join(' ');
}

/** The otpauth:// address an authenticator app reads (from a link on a phone, or typed). */
export function keyUri(key: string, accountName: string): string {
	return createTOTPKeyURI(ISSUER, accountName, decodeBase32IgnorePadding(key), PERIOD_SECONDS, DIGITS);
}

/** The time step of a moment (milliseconds). */
export function stepAt(now: number): number {
	return Math.floor(now / (PERIOD_SECONDS * 1000));
}

/** The code an authenticator shows at a step (for tests, and for nothing else). */
export function codeAt(key: string, step: number): string {
	return generateHOTP(decodeBase32IgnorePadding(key), BigInt(step), DIGITS);
}

/** A typed code without the spaces and dashes people add. */
export function cleanCode(typed: string): string {
	return typed.replace(/[\s-]/g, '').toLowerCase();
}

/**
 * The step whose code was typed — now, or one step either side — or null. A step at or before `lastUsedStep`
 * is refused: a code works once, and never after a later one.
 */
export function matchingStep(
	key: string,
	typed: string,
	lastUsedStep: number | null,
	now = Date.now()
): number | null {
	const code = cleanCode(typed);
	if (!/^\d{6}$/.test(code)) return null;
	const bytes = decodeBase32IgnorePadding(key);
	const current = stepAt(now);
	for (let step = current - DRIFT_STEPS; step <= current + DRIFT_STEPS; step++) {
		if (lastUsedStep !== null && step <= lastUsedStep) continue;
		if (sameText(generateHOTP(bytes, BigInt(step), DIGITS), code)) return step;
	}
	return null;
}

/** Whether a typed text looks like a recovery code rather than an authenticator code. */
export function looksLikeRecoveryCode(typed: string): boolean {
	return /^[a-z2-7]{10}$/.test(cleanCode(typed));
}

/** New recovery codes: 50 random bits each, shown as `abcde-fghij`. */
export function newRecoveryCodes(count = RECOVERY_CODE_COUNT): string[] {
	return Array.from({ length: count }, () => {
		const raw = randomBase32(7).slice(0, 10);
		return `${raw.slice(0, 5)}-${raw.slice(5)}`;
	});
}

/** The stored form of a recovery code (high-entropy, so SHA-256 is enough), whichever way it was typed. */
export function recoveryCodeHash(typed: string): string {
	return hashSecret(cleanCode(typed));
}
