// The checks a copy into PostgreSQL must pass before it is committed (copy.ts runs them inside the copy's
// transaction, on the same PostgreSQL client): every table holds as many rows, with the same content, as in the
// SQLite file; every workspace's register chain verifies on PostgreSQL as it does on SQLite (the pure verifier of
// domain/register-record.ts, fed from each engine); every document's Yjs state rebuilt from PostgreSQL's
// snapshot and update log equals the one rebuilt from SQLite's; every receipt is the same, byte for byte.
import type Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import type pg from 'pg';
import * as Y from 'yjs';
import { RegisterVerifier, type RegisterReport } from '../../domain/register-record.ts';
import { buildDoc } from '../collab/persistence.ts';
import { quote, type TableInfo } from './tables.ts';

export type CheckSummary = {
	tables: number;
	registers: number;
	entries: number;
	documents: number;
	receipts: number;
	receiptBytes: number;
	/** What did not check out, one line each (empty: the copy is good). */
	failures: string[];
	/** What holds on both sides but should be known (a register that already failed on SQLite). */
	warnings: string[];
};

type Row = Record<string, unknown>;

/** One value in the form both engines give the same: SQLite's 0/1 flags and PostgreSQL's booleans alike. */
function normal(kind: TableInfo['columns'][number]['kind'], value: unknown): string {
	if (value === null || value === undefined) return 'null';
	switch (kind) {
		case 'boolean':
			return Number(value) !== 0 ? 'true' : 'false';
		case 'blob':
			return `x${Buffer.from(value as Uint8Array).toString('hex')}`;
		case 'integer':
		case 'real':
			return String(value);
		default:
			return JSON.stringify(String(value));
	}
}

const MOD = 1n << 256n;

/**
 * A digest of a table's content that does not depend on the order rows come in (the sum of the rows' SHA-256
 * digests, modulo 2^256), so each engine may read in its own order.
 */
class ContentDigest {
	#sum = 0n;
	#table: TableInfo;
	constructor(table: TableInfo) {
		this.#table = table;
	}
	add(row: Row) {
		const h = createHash('sha256');
		for (const c of this.#table.columns) h.update(`${c.name}=${normal(c.kind, row[c.name])};`);
		this.#sum = (this.#sum + BigInt(`0x${h.digest('hex')}`)) % MOD;
	}
	get value() {
		return this.#sum.toString(16);
	}
}

/** Rows of a PostgreSQL query, a batch at a time (a cursor), so a large table is never held whole. */
async function* pgRows(client: pg.PoolClient, text: string, params: unknown[] = []): AsyncGenerator<Row> {
	const name = `parity_check_${Math.random().toString(36).slice(2)}`;
	await client.query(`DECLARE ${name} NO SCROLL CURSOR FOR ${text}`, params);
	try {
		for (;;) {
			const r = await client.query(`FETCH 1000 FROM ${name}`);
			if (!r.rows.length) return;
			yield* r.rows as Row[];
		}
	} finally {
		await client.query(`CLOSE ${name}`);
	}
}

async function checkTables(
	source: Database.Database,
	client: pg.PoolClient,
	tables: TableInfo[],
	failures: string[]
) {
	for (const t of tables) {
		const columns = t.columns.map((c) => quote(c.name)).join(', ');
		const from = new ContentDigest(t);
		let fromRows = 0;
		for (const row of source
			.prepare(`SELECT ${columns} FROM ${quote(t.name)}`)
			.safeIntegers(true)
			.iterate() as Iterable<Row>) {
			from.add(row);
			fromRows++;
		}
		const to = new ContentDigest(t);
		let toRows = 0;
		for await (const row of pgRows(client, `SELECT ${columns} FROM ${quote(t.name)}`)) {
			to.add(row);
			toRows++;
		}
		if (fromRows !== toRows) failures.push(`${t.name}: ${fromRows} rows in SQLite, ${toRows} in PostgreSQL`);
		else if (from.value !== to.value) failures.push(`${t.name}: the rows' content differs`);
	}
}

type EntryRow = { seq: number; type: string; at: string; payload: string; prev: string; hash: string };
type PersonalRow = { seq: number; digest: string; salt: string; data: string };

/** Feeds a workspace's chain and personal parts, in the order register/read.ts reads them, to the verifier. */
function verify(workspace: string, entries: Iterable<EntryRow>, personal: Iterable<PersonalRow>) {
	const verifier = new RegisterVerifier({ workspace });
	let ok = true;
	for (const row of entries) if (ok) ok = verifier.pushStored({ workspace, ...row, seq: Number(row.seq) });
	for (const p of personal)
		verifier.pushPersonal({ seq: Number(p.seq), digest: p.digest, salt: p.salt, data: JSON.parse(p.data) });
	return verifier.finish();
}

const ENTRIES =
	'SELECT seq, type, at, payload, prev, hash FROM register_entries WHERE workspace_id = $1 ORDER BY seq';
const PERSONAL =
	'SELECT seq, digest, salt, data FROM register_personal WHERE workspace_id = $1 ORDER BY seq, digest';

async function checkRegisters(source: Database.Database, client: pg.PoolClient, summary: CheckSummary) {
	const workspaces = source.prepare('SELECT id FROM workspaces ORDER BY id').pluck().all() as string[];
	const sqlite = (text: string) => text.replace('$1', '?');
	for (const ws of workspaces) {
		const before = verify(
			ws,
			source.prepare(sqlite(ENTRIES)).all(ws) as EntryRow[],
			source.prepare(sqlite(PERSONAL)).all(ws) as PersonalRow[]
		);
		const after: RegisterReport = verify(
			ws,
			(await client.query(ENTRIES, [ws])).rows as EntryRow[],
			// Digests are hex: the same order under any collation, but say so.
			(await client.query(PERSONAL.replace('digest', 'digest COLLATE "C"'), [ws])).rows as PersonalRow[]
		);
		if (!before.count) continue;
		summary.registers++;
		summary.entries += after.count;
		if (after.ok) continue;
		const why = after.failure?.message ?? 'it does not verify';
		if (!before.ok && before.headText === after.headText)
			summary.warnings.push(`the register of workspace ${ws} does not verify on SQLite either: ${why}`);
		else summary.failures.push(`the register of workspace ${ws} does not verify on PostgreSQL: ${why}`);
	}
}

async function checkDocuments(source: Database.Database, client: pg.PoolClient, summary: CheckSummary) {
	const ids = source.prepare('SELECT id FROM documents ORDER BY id').pluck().all() as string[];
	const snapshot = source.prepare('SELECT data FROM collab_snapshots WHERE document_id = ?').pluck();
	const updates = source.prepare('SELECT data FROM collab_updates WHERE document_id = ? ORDER BY id').pluck();
	for (const id of ids) {
		const before = buildDoc((snapshot.get(id) as Buffer | undefined) ?? null, updates.all(id) as Buffer[]);
		const snap = await client.query('SELECT data FROM collab_snapshots WHERE document_id = $1', [id]);
		const rows = await client.query('SELECT data FROM collab_updates WHERE document_id = $1 ORDER BY id', [
			id
		]);
		const after = buildDoc(
			(snap.rows[0]?.data as Buffer | undefined) ?? null,
			rows.rows.map((r) => r.data as Buffer)
		);
		const same = (a: Uint8Array, b: Uint8Array) => Buffer.from(a).equals(Buffer.from(b));
		if (!same(Y.encodeStateVector(before), Y.encodeStateVector(after)))
			summary.failures.push(`document ${id}: its Yjs state vector differs`);
		else if (!same(Y.encodeStateAsUpdate(before), Y.encodeStateAsUpdate(after)))
			summary.failures.push(`document ${id}: its Yjs content differs`);
		else summary.documents++;
		before.destroy();
		after.destroy();
	}
}

async function checkReceipts(source: Database.Database, client: pg.PoolClient, summary: CheckSummary) {
	const digest = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
	const before = new Map<string, string>();
	for (const r of source
		.prepare('SELECT id, receipt FROM claim_expenses WHERE receipt IS NOT NULL')
		.iterate() as Iterable<{ id: string; receipt: Buffer }>) {
		before.set(r.id, digest(r.receipt));
		summary.receiptBytes += r.receipt.length;
	}
	let after = 0;
	for await (const r of pgRows(client, 'SELECT id, receipt FROM claim_expenses WHERE receipt IS NOT NULL')) {
		after++;
		if (before.get(r.id as string) !== digest(r.receipt as Buffer))
			summary.failures.push(`the receipt of expense ${r.id as string} differs`);
	}
	if (after !== before.size)
		summary.failures.push(`${before.size} receipts in SQLite, ${after} in PostgreSQL`);
	summary.receipts = before.size;
}

/** Runs every check; `progress` hears one line per kind of check. */
export async function runChecks(
	source: Database.Database,
	client: pg.PoolClient,
	tables: TableInfo[],
	progress: (line: string) => void
): Promise<CheckSummary> {
	const summary: CheckSummary = {
		tables: tables.length,
		registers: 0,
		entries: 0,
		documents: 0,
		receipts: 0,
		receiptBytes: 0,
		failures: [],
		warnings: []
	};
	await checkTables(source, client, tables, summary.failures);
	progress(`checked the rows and content of ${tables.length} tables`);
	await checkRegisters(source, client, summary);
	progress(`checked ${summary.registers} register chains (${summary.entries} entries)`);
	await checkDocuments(source, client, summary);
	progress(`checked the Yjs state of ${summary.documents} documents`);
	await checkReceipts(source, client, summary);
	progress(`checked ${summary.receipts} receipts (${summary.receiptBytes} bytes)`);
	return summary;
}
