import { and, desc, eq, isNull } from 'drizzle-orm';
import { affected, type DB, one } from '../db/index.ts';
import { newId } from '../db/ids.ts';
import { apiTokens, users } from '../db/schema/index.ts';
import type { SessionUser } from './session.ts';
import { hashSecret, randomBase32 } from '../../domain/secrets.ts';

export const TOKEN_PREFIX = 'parity_pat_';

export type TokenScope = 'read' | 'write';
export type TokenInfo = {
	id: string;
	name: string;
	scope: TokenScope;
	workspaceIds: string[] | null;
	expiresAt: number | null;
};

export function generateApiToken(): string {
	return TOKEN_PREFIX + randomBase32(20);
}

/** Creates a token and returns its raw value (shown once) and its stored row. */
export async function createApiToken(
	db: DB,
	input: {
		userId: string;
		name: string;
		scope: TokenScope;
		workspaceIds?: string[] | null;
		expiresAt?: number | null;
	},
	now = Date.now()
): Promise<{ token: string; info: TokenInfo }> {
	const token = generateApiToken();
	const id = newId();
	const workspaceIds = input.workspaceIds?.length ? input.workspaceIds : null;
	await db.insert(apiTokens).values({
		id,
		userId: input.userId,
		name: input.name,
		tokenHash: hashSecret(token),
		scope: input.scope,
		workspaceIds,
		expiresAt: input.expiresAt ?? null,
		createdAt: now
	});
	return {
		token,
		info: { id, name: input.name, scope: input.scope, workspaceIds, expiresAt: input.expiresAt ?? null }
	};
}

/** Checks a `parity_pat_…` token: unknown, revoked and expired tokens, and disabled accounts', give null. */
export async function validateApiToken(
	db: DB,
	raw: string,
	now = Date.now()
): Promise<{ token: TokenInfo; user: SessionUser } | null> {
	if (!raw.startsWith(TOKEN_PREFIX) || raw.length > 100) return null;
	const row = one(
		await db
			.select({ t: apiTokens, u: users })
			.from(apiTokens)
			.innerJoin(users, eq(users.id, apiTokens.userId))
			.where(eq(apiTokens.tokenHash, hashSecret(raw)))
			.limit(1)
	);
	if (!row || row.t.revokedAt !== null || row.u.disabledAt !== null) return null;
	if (row.t.expiresAt !== null && now >= row.t.expiresAt) return null;
	if (row.t.lastUsedAt === null || now - row.t.lastUsedAt > 60_000)
		await db.update(apiTokens).set({ lastUsedAt: now }).where(eq(apiTokens.id, row.t.id));
	return {
		token: {
			id: row.t.id,
			name: row.t.name,
			scope: row.t.scope,
			workspaceIds: row.t.workspaceIds ?? null,
			expiresAt: row.t.expiresAt
		},
		user: { id: row.u.id, email: row.u.email, name: row.u.name, isAdmin: row.u.isAdmin, isDemo: row.u.isDemo }
	};
}

export async function listApiTokens(db: DB, userId: string) {
	return await db
		.select({
			id: apiTokens.id,
			name: apiTokens.name,
			scope: apiTokens.scope,
			workspaceIds: apiTokens.workspaceIds,
			expiresAt: apiTokens.expiresAt,
			lastUsedAt: apiTokens.lastUsedAt,
			createdAt: apiTokens.createdAt
		})
		.from(apiTokens)
		.where(and(eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt)))
		.orderBy(desc(apiTokens.createdAt));
}

/** Revokes one of the user's tokens; false when it is not theirs or already revoked. */
export async function revokeApiToken(
	db: DB,
	userId: string,
	tokenId: string,
	now = Date.now()
): Promise<boolean> {
	const r = await db
		.update(apiTokens)
		.set({ revokedAt: now })
		.where(and(eq(apiTokens.id, tokenId), eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt)));
	return affected(r) === 1;
}

/** Whether a token's workspace list lets it reach this workspace. */
export function tokenReaches(token: TokenInfo | null, workspaceId: string): boolean {
	return !token || token.workspaceIds === null || token.workspaceIds.includes(workspaceId);
}
