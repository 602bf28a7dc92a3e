/**
 * The register chain in the database: appending entries (one line per workspace, across processes),
 * personal details beside the chain, redaction, and reading entries back. Verification and exports of a
 * whole register run in a worker (register-worker.ts through register-jobs.ts).
 */
import { error } from '@sveltejs/kit';
import { and, asc, desc, eq, gt, inArray } from 'drizzle-orm';
import { inTransaction, one, transaction, type DB } from './db/index.ts';
import { newId } from './db/ids.ts';
import { registerEntries, registerPersonal, users } from './db/schema/index.ts';
import {
	buildEntry,
	newSalt,
	personalDigest,
	toStored,
	type Entry,
	type EntryType,
	type JsonObject
} from '../domain/chain.ts';
import type { PersonalPart } from '../domain/register-record.ts';
import { requireAdminOfWorkspace, type Actor } from './access.ts';

export type PreparedPersonal = {
	digest: string;
	salt: string;
	data: PersonalPart;
	subjectUserId: string | null;
};

/** Salts and digests one person's details; the entry will hold only the digest. */
export function preparePersonal(data: PersonalPart, subjectUserId: string | null): PreparedPersonal {
	const clean: PersonalPart = JSON.parse(JSON.stringify(data));
	const salt = newSalt();
	return { digest: personalDigest(salt, clean), salt, data: clean, subjectUserId };
}

export type Head = { seq: number; hash: string; at: string };

export async function getHead(db: DB, workspaceId: string): Promise<Head | null> {
	return (
		one(
			await db
				.select({ seq: registerEntries.seq, hash: registerEntries.hash, at: registerEntries.at })
				.from(registerEntries)
				.where(eq(registerEntries.workspaceId, workspaceId))
				.orderBy(desc(registerEntries.seq))
				.limit(1)
		) ?? null
	);
}

export function headText(head: Pick<Head, 'seq' | 'hash'> | null): string {
	return head ? `${head.seq}:${head.hash}` : `0:${'0'.repeat(64)}`;
}

/**
 * Appends one entry to a workspace's chain. Must run inside `transaction` (BEGIN IMMEDIATE), so
 * reading the head and inserting the next entry cannot interleave with another writer; the unique
 * indexes on (workspace, seq) and (workspace, prev) refuse a fork even if that rule were broken.
 */
export async function appendEntry(
	tx: DB,
	workspaceId: string,
	type: EntryType,
	payload: JsonObject,
	personal: PreparedPersonal[] = [],
	now = Date.now()
): Promise<Entry> {
	if (!inTransaction(tx)) throw new Error('appendEntry must run inside a transaction');
	const previous = await getHead(tx, workspaceId);
	const entry = buildEntry({ workspace: workspaceId, previous, type, at: now, payload });
	const stored = toStored(entry);
	const id = newId();
	await tx.insert(registerEntries).values({ id, workspaceId, ...stored, type: entry.type, createdAt: now });
	for (const p of personal) {
		await tx.insert(registerPersonal).values({
			id: newId(),
			entryId: id,
			workspaceId,
			seq: entry.seq,
			digest: p.digest,
			salt: p.salt,
			data: JSON.stringify(p.data),
			subjectUserId: p.subjectUserId,
			subjectName: p.data.name
		});
	}
	return entry;
}

function isForkRefusal(e: unknown): boolean {
	const err = e as { code?: string; message?: string };
	return (
		typeof err?.code === 'string' &&
		err.code.startsWith('SQLITE_CONSTRAINT') &&
		/register_entries/.test(err.message ?? '')
	);
}

/**
 * Runs a command that appends to the register in one write transaction, starting again on top of the
 * new head if the database refused an entry because another writer got there first.
 */
export async function appendTransaction<T>(db: DB, fn: (tx: DB) => Promise<T>): Promise<T> {
	for (let attempt = 0; ; attempt++) {
		try {
			return await transaction(db, fn);
		} catch (e) {
			if (isForkRefusal(e) && attempt < 10) continue;
			throw e;
		}
	}
}

export type StoredRow = {
	seq: number;
	type: EntryType;
	at: string;
	payload: string;
	prev: string;
	hash: string;
};

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

/**
 * Removes one person's details from a workspace's register: deletes each personal part about them
 * (salt included) and appends a `personal.redacted` entry naming the (seq, digest) pairs removed. The
 * chain is untouched and still verifies. `personKey` is a key from listPeople.
 */
export async function redactPerson(
	db: DB,
	workspaceId: string,
	personKey: string,
	reason: string,
	now = Date.now()
): Promise<{ entry: Entry; removed: number }> {
	return await appendTransaction(db, async (tx) => {
		const m = /^(user|name):(.+)$/.exec(personKey);
		if (!m) error(422, { message: 'Choose a person to redact.', code: 'invalid' });
		const all = await tx
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
		const parts = all.filter((p) =>
			m[1] === 'user' ? true : !p.subjectUserId && p.subjectName.trim().toLowerCase() === m[2]
		);
		if (!parts.length)
			error(404, { message: 'The register holds no details about this person.', code: 'not_found' });
		const entry = await appendEntry(
			tx,
			workspaceId,
			'personal.redacted',
			{
				entries: parts
					.sort((a, b) => a.seq - b.seq || a.digest.localeCompare(b.digest))
					.map((p) => ({ seq: p.seq, digest: p.digest })),
				reason
			},
			[],
			now
		);
		await tx.delete(registerPersonal).where(
			inArray(
				registerPersonal.id,
				parts.map((p) => p.id)
			)
		);
		return { entry, removed: parts.length };
	});
}

/**
 * A workspace by id or slug for an administrator handling a redaction, whether or not they are a member;
 * 404 if none, or if the actor's token is limited to other workspaces (the rule is in access.ts).
 */
export async function findWorkspaceForAdmin(db: DB, actor: Actor, idOrSlug: string) {
	return await requireAdminOfWorkspace(db, actor, idOrSlug);
}
