/**
 * Reading a workspace's register back: its entries in order, the personal details still held beside them,
 * and the people they name (for an administrator handling a redaction).
 */
import { and, asc, eq, gt, inArray } from 'drizzle-orm';
import type { DB } from '../db/index.ts';
import { registerEntries, registerPersonal, users } from '../db/schema/index.ts';
import type { Entry, JsonObject } from '../../domain/chain.ts';
import type { PersonalPart } from '../../domain/register-record.ts';

/** Entries of a workspace in order, parsed. */
export async function listEntries(
	db: DB,
	workspaceId: string,
	opts: { after?: number; limit?: number } = {}
): Promise<Entry[]> {
	const rows = await db
		.select({
			seq: registerEntries.seq,
			type: registerEntries.type,
			at: registerEntries.at,
			payload: registerEntries.payload,
			prev: registerEntries.prev,
			hash: registerEntries.hash
		})
		.from(registerEntries)
		.where(and(eq(registerEntries.workspaceId, workspaceId), gt(registerEntries.seq, opts.after ?? 0)))
		.orderBy(asc(registerEntries.seq))
		.limit(opts.limit ?? 1000);
	return rows.map((r) => ({
		v: 1 as const,
		workspace: workspaceId,
		seq: r.seq,
		type: r.type,
		at: r.at,
		payload: JSON.parse(r.payload) as JsonObject,
		prev: r.prev,
		hash: r.hash
	}));
}

export async function getEntry(db: DB, workspaceId: string, seq: number): Promise<Entry | null> {
	return (
		(await listEntries(db, workspaceId, { after: seq - 1, limit: 1 })).find((e) => e.seq === seq) ?? null
	);
}

/** Personal details still held for some digests (redacted ones are simply absent). */
export async function personalByDigest(
	db: DB,
	workspaceId: string,
	digests: string[]
): Promise<Map<string, PersonalPart>> {
	const out = new Map<string, PersonalPart>();
	const wanted = [...new Set(digests)].filter(Boolean);
	for (let i = 0; i < wanted.length; i += 500) {
		const rows = await db
			.select({ digest: registerPersonal.digest, data: registerPersonal.data })
			.from(registerPersonal)
			.where(
				and(
					eq(registerPersonal.workspaceId, workspaceId),
					inArray(registerPersonal.digest, wanted.slice(i, i + 500))
				)
			);
		for (const r of rows) out.set(r.digest, JSON.parse(r.data) as PersonalPart);
	}
	return out;
}

export type PersonSummary = { key: string; name: string; userId: string | null; parts: number };

/** The people named in a workspace's register, for an administrator handling a redaction request. */
export async function listPeople(db: DB, workspaceId: string): Promise<PersonSummary[]> {
	const rows = await db
		.select({
			subjectUserId: registerPersonal.subjectUserId,
			subjectName: registerPersonal.subjectName,
			userName: users.name
		})
		.from(registerPersonal)
		.leftJoin(users, eq(users.id, registerPersonal.subjectUserId))
		.where(eq(registerPersonal.workspaceId, workspaceId));
	const people = new Map<string, PersonSummary>();
	for (const r of rows) {
		const key = r.subjectUserId ? `user:${r.subjectUserId}` : `name:${r.subjectName.trim().toLowerCase()}`;
		const p = people.get(key) ?? {
			key,
			name: r.userName ?? r.subjectName,
			userId: r.subjectUserId,
			parts: 0
		};
		p.parts++;
		people.set(key, p);
	}
	return [...people.values()].sort((a, b) => a.name.localeCompare(b.name));
}

/** The personal details held about one person (a key from listPeople), to remove them. */
export async function personalPartsOf(db: DB, workspaceId: string, personKey: string) {
	const m = /^(user|name):(.+)$/.exec(personKey);
	if (!m) return null;
	const all = await db
		.select({
			id: registerPersonal.id,
			seq: registerPersonal.seq,
			digest: registerPersonal.digest,
			subjectUserId: registerPersonal.subjectUserId,
			subjectName: registerPersonal.subjectName
		})
		.from(registerPersonal)
		.where(
			m[1] === 'user'
				? and(eq(registerPersonal.workspaceId, workspaceId), eq(registerPersonal.subjectUserId, m[2]))
				: eq(registerPersonal.workspaceId, workspaceId)
		);
	return all.filter((p) =>
		m[1] === 'user' ? true : !p.subjectUserId && p.subjectName.trim().toLowerCase() === m[2]
	);
}

export async function deletePersonal(db: DB, ids: string[]): Promise<void> {
	await db.delete(registerPersonal).where(inArray(registerPersonal.id, ids));
}
