/**
 * One-click unsubscribe (RFC 8058) without signing in. A link carries a signed token naming a person and a
 * workspace (stop that workspace's emails), a person's guest meeting reminders (stop those), or an address
 * (stop all email to an address that has no say otherwise, such as an invitation's). The signing key is made once and kept in `settings`.
 */
import { createHmac } from 'node:crypto';
import { randomBase32, sameText } from '../../domain/secrets.ts';
import { eq } from 'drizzle-orm';
import { type DB, one } from '../db/index.ts';
import { mailSuppressions, settings, users, workspaces } from '../db/schema/index.ts';
import { setMode } from './preferences.ts';
import { setReminders } from '../meetings/invitations.ts';

const KEY_SETTING = 'mail.unsubscribe_key';

async function signingKey(db: DB): Promise<Buffer> {
	const row = one(await db.select().from(settings).where(eq(settings.key, KEY_SETTING)).limit(1));
	if (row) return Buffer.from(row.value, 'base64url');
	await db
		.insert(settings)
		.values({ key: KEY_SETTING, value: randomBase32(32), updatedAt: Date.now() })
		.onConflictDoNothing();
	return await signingKey(db);
}

const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64url');

async function sign(db: DB, payload: string): Promise<string> {
	return createHmac('sha256', await signingKey(db))
		.update(payload)
		.digest()
		.subarray(0, 16)
		.toString('base64url');
}

export type UnsubscribeTarget =
	| { kind: 'workspace'; userId: string; workspaceId: string }
	| { kind: 'reminders'; userId: string }
	| { kind: 'address'; email: string };

function payloadOf(target: UnsubscribeTarget): string {
	if (target.kind === 'workspace') return `w:${target.userId}:${target.workspaceId}`;
	if (target.kind === 'reminders') return `r:${target.userId}`;
	return `a:${target.email}`;
}

export async function unsubscribeToken(db: DB, target: UnsubscribeTarget): Promise<string> {
	const payload = b64(payloadOf(target));
	return `${payload}.${await sign(db, payload)}`;
}

/** The target a token names, or null when it is malformed or its signature does not match. */
export async function readUnsubscribeToken(db: DB, token: string): Promise<UnsubscribeTarget | null> {
	if (token.length > 600) return null;
	const [payload, sig, extra] = token.split('.');
	if (!payload || !sig || extra !== undefined) return null;
	if (!sameText(await sign(db, payload), sig)) return null;
	const text = Buffer.from(payload, 'base64url').toString('utf8');
	const [kind, a, b] = text.split(':');
	if (kind === 'w' && a && b) return { kind: 'workspace', userId: a, workspaceId: b };
	if (kind === 'r' && a && b === undefined) return { kind: 'reminders', userId: a };
	if (kind === 'a' && a) return { kind: 'address', email: text.slice(2) };
	return null;
}

export function unsubscribePaths(token: string) {
	return { page: `/unsubscribe/${token}`, oneClick: `/unsubscribe/one-click/${token}` };
}

/** What a token would stop, in words, for the confirmation page. Null when the token names nothing now. */
export async function describeTarget(db: DB, target: UnsubscribeTarget) {
	if (target.kind === 'address') return { what: 'email', email: target.email };
	if (target.kind === 'reminders') {
		const user = one(
			await db.select({ email: users.email }).from(users).where(eq(users.id, target.userId)).limit(1)
		);
		return user ? { what: 'reminders of meetings you are invited to as a guest', email: user.email } : null;
	}
	const row = one(
		await db
			.select({ email: users.email, workspace: workspaces.name })
			.from(users)
			.innerJoin(workspaces, eq(workspaces.id, target.workspaceId))
			.where(eq(users.id, target.userId))
			.limit(1)
	);
	return row ? { what: `email about “${row.workspace}”`, email: row.email } : null;
}

/** Carries out the unsubscribe. Idempotent. */
export async function applyUnsubscribe(
	db: DB,
	target: UnsubscribeTarget,
	now = Date.now()
): Promise<boolean> {
	if (target.kind === 'address') {
		await db.insert(mailSuppressions).values({ email: target.email, createdAt: now }).onConflictDoNothing();
		return true;
	}
	if (!(await describeTarget(db, target))) return false; // the person or the workspace is gone
	if (target.kind === 'reminders') {
		await setReminders(db, target.userId, false, now);
		return true;
	}
	await setMode(db, target.userId, target.workspaceId, 'none', now);
	return true;
}

export async function isSuppressed(db: DB, email: string): Promise<boolean> {
	return !!one(await db.select().from(mailSuppressions).where(eq(mailSuppressions.email, email)).limit(1));
}
