/**
 * The register chain in the database: appending entries (one line per workspace, across processes) with the
 * personal details kept beside the chain, and the chain's head. Reading entries back is in repository.ts;
 * verification and exports of a whole register run in a worker (worker.ts through jobs.ts).
 */
import { desc, eq } from 'drizzle-orm';
import { inTransaction, one, transaction, type DB } from '../db/index.ts';
import { newId } from '../db/ids.ts';
import { registerEntries, registerPersonal } from '../db/schema/index.ts';
import {
	buildEntry,
	newSalt,
	personalDigest,
	toStored,
	type Entry,
	type EntryType,
	type JsonObject
} from '../../domain/chain.ts';
import type { PersonalPart } from '../../domain/register-record.ts';

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
