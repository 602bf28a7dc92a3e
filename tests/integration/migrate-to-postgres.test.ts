// `npm run admin -- migrate-to-postgres` on the demo partnership, with real parts: the demo loaded into a SQLite
// file, live edits made through a real WebsocketProvider on a Parity server, then the command run as a child
// process into a new PostgreSQL database, and a Parity server started on it. Every JSON answer of the API's GET
// operations (walked from the OpenAPI document, as the demo facilitator) must be the same before and after.
// Runs when PARITY_TEST_POSTGRES is set (scripts/test.sh sets it).
import { afterAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import Database from 'better-sqlite3';
import * as Y from 'yjs';
import { eq } from 'drizzle-orm';
import { ROOT, newPostgresDatabase, startServer, type TestServer } from '../fixtures/server.ts';
import { apiClient } from '../fixtures/http.ts';
import { connect, until } from '../fixtures/collab-client.ts';
import { closeDatabase, closeDb, openStorage, setDb, type DB } from '../../src/lib/server/db/index.ts';
import { claimExpenses, claims, documents, settings, users } from '../../src/lib/server/db/schema/index.ts';
import { newId } from '../../src/lib/server/db/ids.ts';
import { generateSessionToken, openSession, SESSION_COOKIE } from '../../src/lib/server/auth/session.ts';
import { DEMO_FACILITATOR, DEMO_SLUG, loadDemo } from '../../src/lib/server/demo.ts';
import { tablesInOrder } from '../../src/lib/server/migrate/tables.ts';
import { runChecks } from '../../src/lib/server/migrate/checks.ts';

const ENV = { PARITY_MAIL_INTERVAL_MS: '3600000' };

/** Runs the command line as a child process. */
function admin(
	args: string[],
	env: Record<string, string> = {}
): Promise<{ code: number | null; stdout: string; stderr: string }> {
	return new Promise((resolve) => {
		const child = spawn(process.execPath, [path.join(ROOT, 'server/admin.ts'), ...args], {
			cwd: ROOT,
			env: { ...process.env, NODE_COMPILE_CACHE: path.join(ROOT, '.cache/node'), ...env }
		});
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (d) => (stdout += d));
		child.stderr.on('data', (d) => (stderr += d));
		child.on('exit', (code) => resolve({ code, stdout, stderr }));
	});
}

/** Rows in every table of a PostgreSQL database (0 for a table that does not exist). */
async function rowsIn(url: string): Promise<number> {
	const client = new pg.Client({ connectionString: url });
	await client.connect();
	try {
		let n = 0;
		for (const t of tablesInOrder()) {
			const exists = await client.query('SELECT to_regclass($1) AS t', [t.name]);
			if (exists.rows[0].t)
				n += Number((await client.query(`SELECT count(*) AS n FROM "${t.name}"`)).rows[0].n);
		}
		return n;
	} finally {
		await client.end();
	}
}

type Answer = { status: number; body: unknown };

/** Fields that say when the answer was made, not what it holds. */
const ANSWER_TIMES = new Set(['exportedAt']);

/**
 * An answer as JSON text with every object's keys in order (the field order is not compared), without the time
 * it was made.
 */
function normal(answer: Answer | undefined): string {
	return JSON.stringify(answer, (key, v: unknown) =>
		ANSWER_TIMES.has(key)
			? undefined
			: v && typeof v === 'object' && !Array.isArray(v)
				? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
				: v
	);
}

/** A file the site serves, as bytes. */
async function download(server: TestServer, at: string, cookie: string): Promise<Buffer> {
	const res = await fetch(server.url + at, { headers: { cookie } });
	expect(res.status).toBe(200);
	return Buffer.from(await res.arrayBuffer());
}

/**
 * Every GET operation of the OpenAPI document that can be called with ids seen in earlier answers: a `{…}` after
 * `/things/` takes the ids listed by answers to paths ending in `/things`, and a `{versionId}` or `{number}` the
 * ids listed under the path so far. Answers are keyed by the path called.
 */
async function walk(server: TestServer, cookie: string): Promise<Map<string, Answer>> {
	const api = apiClient(server, { cookie });
	const spec = (await (await fetch(`${server.url}/api/v1/openapi.json`)).json()) as {
		paths: Record<string, { get?: unknown }>;
	};
	const templates = Object.keys(spec.paths)
		.filter((p) => spec.paths[p].get)
		.sort((a, b) => a.split('{').length - b.split('{').length || a.localeCompare(b));
	const answers = new Map<string, Answer>();
	/** Ids listed by each answer's path (`{ things: [{ id }, …] }`, or a `number` for batches). */
	const listed = new Map<string, string[]>();
	const collect = (at: string, body: unknown) => {
		const ids: string[] = [];
		const visit = (v: unknown, depth: number) => {
			if (Array.isArray(v)) for (const x of v) visit(x, depth + 1);
			else if (v && typeof v === 'object') {
				const o = v as Record<string, unknown>;
				if (depth === 2 && (typeof o.id === 'string' || typeof o.number === 'number'))
					ids.push(String(o.id ?? o.number));
				if (depth === 0) for (const x of Object.values(o)) visit(x, depth + 1);
			}
		};
		visit(body, 0);
		listed.set(at, [...new Set(ids)]);
	};
	const expand = (template: string): string[] => {
		const parts = template.split('/').slice(1);
		let prefixes = [''];
		for (const [i, part] of parts.entries()) {
			if (!part.startsWith('{')) {
				prefixes = prefixes.map((p) => `${p}/${part}`);
				continue;
			}
			const collection = parts[i - 1];
			prefixes = prefixes.flatMap((p) => {
				const ids =
					i === 1
						? [...listed].filter(([at]) => at.endsWith(`/${collection}`)).flatMap(([, ids]) => ids)
						: (listed.get(p) ?? []);
				return [...new Set(ids)].slice(0, 30).map((id) => `${p}/${id}`);
			});
		}
		return prefixes;
	};
	// Rounds, until no template gives a path not called yet (ids listed by one answer open the next).
	for (let round = 0, more = true; more && round < 6; round++) {
		more = false;
		const calls = templates.flatMap(expand).filter((at) => !answers.has(at));
		for (const at of calls) {
			const res = await api.get(`/api/v1${at}`);
			answers.set(at, { status: res.status, body: res.json ?? res.text });
			if (res.status === 200) collect(at, res.json);
			more = true;
		}
	}
	return answers;
}

describe.skipIf(!process.env.PARITY_TEST_POSTGRES)('migrate-to-postgres', () => {
	const dir = mkdtempSync(path.join(tmpdir(), 'parity-migrate-'));
	const dbFile = path.join(dir, 'parity.db');
	const servers: TestServer[] = [];
	afterAll(async () => {
		await Promise.all(servers.map((s) => s.stop()));
		rmSync(dir, { recursive: true, force: true });
	});

	it(
		'copies the demo partnership, and every API answer is the same on PostgreSQL',
		{ timeout: 120_000 },
		async () => {
			// ── The demo partnership in a SQLite file, a session for its facilitator, and a receipt ──
			const db: DB = await openStorage({
				url: `file:${dbFile}`,
				migrationsFolder: path.join(ROOT, 'drizzle')
			});
			// The demo writes its documents through the process-wide handle, as `npm run admin -- demo` does.
			setDb(db);
			await loadDemo(db);
			const [facilitator] = await db.select().from(users).where(eq(users.email, DEMO_FACILITATOR.email));
			const token = generateSessionToken();
			await openSession(db, token, facilitator.id);
			const cookie = `${SESSION_COOKIE}=${token}`;
			const [claim] = await db.select().from(claims).limit(1);
			// A PNG's signature and some bytes of every value.
			const receipt = Buffer.concat([
				Buffer.from('89504e470d0a1a0a', 'hex'),
				Buffer.from(Array.from({ length: 4096 }, (_, i) => i % 256))
			]);
			const expenseId = newId();
			await db.insert(claimExpenses).values({
				id: expenseId,
				claimId: claim.id,
				category: 'travel',
				description: 'Bus fare',
				amountPence: 340,
				receiptName: 'ticket.png',
				receiptType: 'image/png',
				receipt,
				createdAt: Date.now()
			});
			const [doc] = await db.select().from(documents).limit(1);
			closeDb();

			// ── Live edits on a SQLite server ──
			const before = await startServer({ dbFile, dir, env: ENV });
			servers.push(before);
			const editor = connect(before, doc.id, { cookie }, { ack: true });
			await editor.synced();
			for (const words of ['Agreed at the board.', 'Reviewed in three months.']) {
				const p = new Y.XmlElement('paragraph');
				p.insert(0, [new Y.XmlText(words)]);
				editor.doc.getXmlFragment('default').push([p]);
			}
			await until(() => editor.saved.length >= 1, 'the edits to be saved');
			const text = editor.doc.getXmlFragment('default').toString();
			expect(text).toContain('Reviewed in three months.');
			editor.destroy();
			// Meanwhile, the command is refused while the SQLite server runs (it writes nothing).
			const target = await newPostgresDatabase();
			const refused = admin(['migrate-to-postgres', '--from', dbFile, '--to', target]);
			const answers = await walk(before, cookie);
			expect(answers.size).toBeGreaterThan(40);
			const receiptPath = `/w/${DEMO_SLUG}/claims/${claim.id}/receipts/${expenseId}`;
			expect(await download(before, receiptPath, cookie)).toEqual(receipt);

			// ── Refused while the SQLite server runs, and nothing written ──
			const busy = await refused;
			expect(busy.code).toBe(2);
			expect(busy.stderr).toContain('A Parity server is running on');
			expect(await rowsIn(target)).toBe(0);
			await before.stop();

			// ── The copy ──
			const copy = await admin(['migrate-to-postgres', '--from', dbFile, '--to', target]);
			expect(copy.stderr + copy.stdout).toMatch(/Checked on PostgreSQL/);
			expect(copy.code).toBe(0);
			expect(copy.stdout).toMatch(
				/1 register chains \(\d+ entries\), the Yjs state of 4 documents, 1 receipts/
			);

			// ── The checks the command runs before committing see a changed byte, entry or receipt ──
			const file = new Database(dbFile, { readonly: true });
			const client = new pg.Client({ connectionString: target });
			await client.connect();
			try {
				await client.query('BEGIN');
				const clean = await runChecks(file, client as unknown as pg.PoolClient, tablesInOrder(), () => {});
				expect(clean.failures).toEqual([]);
				await client.query(
					"UPDATE collab_updates SET data = data || '\\x00'::bytea WHERE id = (SELECT min(id) FROM collab_updates)"
				);
				await client.query(
					"UPDATE register_entries SET hash = repeat('0', 64) WHERE seq = (SELECT max(seq) FROM register_entries)"
				);
				await client.query("UPDATE claim_expenses SET receipt = '\\x89504e47'::bytea WHERE id = $1", [
					expenseId
				]);
				const broken = await runChecks(file, client as unknown as pg.PoolClient, tablesInOrder(), () => {});
				expect(broken.failures).toEqual([
					"collab_updates: the rows' content differs",
					"register_entries: the rows' content differs",
					"claim_expenses: the rows' content differs",
					expect.stringMatching(/^the register of workspace \w+ does not verify on PostgreSQL: /),
					`the receipt of expense ${expenseId} differs`
				]);
			} finally {
				await client.query('ROLLBACK');
				await client.end();
				file.close();
			}

			// ── A server on PostgreSQL; meanwhile, a target that holds a row is refused, and nothing written ──
			const occupied = await newPostgresDatabase();
			const other = await openStorage({ url: occupied, migrationsFolder: path.join(ROOT, 'drizzle') });
			await other.insert(settings).values({ key: 'elsewhere', value: 'x' });
			await closeDatabase(other);
			const [after, again] = await Promise.all([
				startServer({ dbFile: target, env: ENV }),
				admin(['migrate-to-postgres', '--from', dbFile, '--to', occupied])
			]);
			servers.push(after);
			expect(again.code).toBe(2);
			expect(again.stderr).toContain('is not empty');
			expect(await rowsIn(occupied)).toBe(1);

			// ── The same answers ──
			const reader = connect(after, doc.id, { cookie });
			await reader.synced();
			expect(reader.doc.getXmlFragment('default').toString()).toBe(text);
			reader.destroy();
			expect(await download(after, receiptPath, cookie)).toEqual(receipt);
			const now = await walk(after, cookie);
			expect([...now.keys()].sort()).toEqual([...answers.keys()].sort());
			const differ = [...answers].filter(([at, a]) => normal(now.get(at)) !== normal(a));
			for (const [at, a] of differ)
				console.error(`${at}\n  SQLite:     ${normal(a)}\n  PostgreSQL: ${normal(now.get(at))}`);
			if (differ.length) console.error(after.output());
			expect(differ.map(([at]) => at)).toEqual([]);
		}
	);
});
