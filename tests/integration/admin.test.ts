import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { ROOT, startServer } from '../fixtures/server.ts';
import { apiClient } from '../fixtures/http.ts';

// The administrators' command line (server/admin.ts), run as a real process against a temporary database.

let dir: string;

beforeAll(() => {
	dir = mkdtempSync(path.join(tmpdir(), 'parity-admin-'));
});

afterAll(() => {
	rmSync(dir, { recursive: true, force: true });
});

function admin(dbFile: string, ...args: string[]) {
	const r = spawnSync(process.execPath, [path.join(ROOT, 'server/admin.ts'), ...args], {
		cwd: ROOT,
		// Node's compile cache, as npm start uses it: each of this file's runs of the CLI skips stripping its types again.
		env: {
			...process.env,
			DATABASE_URL: `file:${dbFile}`,
			NODE_COMPILE_CACHE: path.join(ROOT, '.cache/node')
		},
		encoding: 'utf8'
	});
	return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The first column of the first row of a query, read from the database file. */
function value(dbFile: string, sql: string): unknown {
	const db = new Database(dbFile, { readonly: true });
	try {
		return db.prepare(sql).pluck().get();
	} finally {
		db.close();
	}
}
const count = (dbFile: string, table: string, where = '1') =>
	value(dbFile, `select count(*) from ${table} where ${where}`);

describe('npm run admin', () => {
	it('creates users, refuses weak passwords and duplicates, and prints a new token alone on the last line', async () => {
		const dbFile = path.join(dir, 'users.db');
		const made = admin(
			dbFile,
			'user',
			'create',
			'--email',
			'chair@example.org',
			'--name',
			'Chair',
			'--password',
			'a long and private passphrase',
			'--admin'
		);
		expect(made.code, made.stderr).toBe(0);
		expect(made.stdout).toContain('Created administrator chair@example.org');

		const weak = admin(
			dbFile,
			'user',
			'create',
			'--email',
			'b@example.org',
			'--name',
			'B',
			'--password',
			'password123'
		);
		expect(weak.code).toBe(1);
		expect(weak.stderr).toMatch(/too common/);
		const twice = admin(
			dbFile,
			'user',
			'create',
			'--email',
			'chair@example.org',
			'--name',
			'C',
			'--password',
			'another private passphrase'
		);
		expect(twice.code).toBe(1);
		expect(count(dbFile, 'users')).toBe(1);

		const reset = admin(
			dbFile,
			'user',
			'reset-password',
			'--email',
			'chair@example.org',
			'--password',
			'a fresh private passphrase'
		);
		expect(reset.code, reset.stderr).toBe(0);
		expect(
			admin(
				dbFile,
				'user',
				'reset-password',
				'--email',
				'nobody@example.org',
				'--password',
				'a fresh private passphrase'
			).code
		).toBe(1);

		const server = await startServer({ dbFile, dir });
		try {
			const token = admin(
				dbFile,
				'token',
				'create',
				'--email',
				'chair@example.org',
				'--name',
				'Publishing',
				'--scope',
				'read'
			);
			expect(token.code, token.stderr).toBe(0);
			const lines = token.stdout.trimEnd().split('\n');
			expect(lines.at(-1)).toMatch(/^parity_pat_[a-z0-9]+$/);
			const me = await apiClient(server, { token: lines.at(-1) }).get('/api/v1/me');
			expect(me.status).toBe(200);
			expect(me.json.token).toMatchObject({ name: 'Publishing', scope: 'read' });

			// An unknown workspace stops the command instead of minting a token that reaches nothing.
			const unknown = admin(
				dbFile,
				'token',
				'create',
				'--email',
				'chair@example.org',
				'--name',
				'X',
				'--workspace',
				'no-such-workspace'
			);
			expect(unknown.code).toBe(1);
			expect(unknown.stdout).not.toMatch(/parity_pat_/);

			// An online backup while Parity runs.
			const to = path.join(dir, 'backup.db');
			const backup = admin(dbFile, 'backup', '--to', to);
			expect(backup.code, backup.stderr).toBe(0);
			expect(count(to, 'users')).toBe(1);
		} finally {
			await server.stop();
		}
	});

	it('loads the demo once, refuses a database with other users unless forced, flags it, and removes it', async () => {
		const fresh = path.join(dir, 'demo.db');
		const first = admin(fresh, 'demo');
		expect(first.code, first.stderr).toBe(0);
		const tables = [
			'users',
			'organisations',
			'workspaces',
			'workspace_members',
			'workspace_partners',
			'votes',
			'ballots'
		];
		const counts = () => tables.map((t) => count(fresh, t));
		const before = counts();
		expect(before[0]).toBe(10);
		expect(count(fresh, 'organisations', "sector = 'statutory'")).toBe(3);
		expect(count(fresh, 'users', 'is_demo = 0')).toBe(0);
		// The decided policy was decided by its approved record, which adopted the version it names.
		expect(
			count(
				fresh,
				'documents d',
				"d.status = 'decided' and d.adopted_version_id = (select document_version_id from decisions where document_id = d.id and outcome = 'approved')"
			)
		).toBe(1);
		expect(count(fresh, 'documents', "status = 'decided'")).toBe(1);
		const second = admin(fresh, 'demo');
		expect(second.code, second.stderr).toBe(0);
		expect(second.stdout).toMatch(/nothing changed/);
		expect(counts()).toEqual(before);

		const server = await startServer({ dbFile: fresh, dir });
		try {
			const page = await fetch(`${server.url}/login`);
			expect(await page.text()).toMatch(/Demo data/);
		} finally {
			await server.stop();
		}

		const removed = admin(fresh, 'demo', '--remove');
		expect(removed.code, removed.stderr).toBe(0);
		expect(count(fresh, 'users')).toBe(0);
		expect(count(fresh, 'workspaces')).toBe(0);

		const used = path.join(dir, 'used.db');
		expect(
			admin(
				used,
				'user',
				'create',
				'--email',
				'real@example.org',
				'--name',
				'Real',
				'--password',
				'a long and private passphrase'
			).code
		).toBe(0);
		const refused = admin(used, 'demo');
		expect(refused.code).toBe(1);
		expect(refused.stderr).toMatch(/--force/);
		expect(count(used, 'users')).toBe(1);
		const forced = admin(used, 'demo', '--force');
		expect(forced.code, forced.stderr).toBe(0);
		expect(admin(used, 'demo', '--remove').code).toBe(0);
		expect(value(used, 'select group_concat(email) from users')).toBe('real@example.org');
	});

	it('vacuum converts an older database to incremental auto-vacuum, shrinking it, and keeps every row', async () => {
		// A database from before incremental auto-vacuum: created without it, then given Parity's tables,
		// with pages left free by rows since deleted.
		const older = path.join(dir, 'older.db');
		const c = new Database(older);
		c.pragma('journal_mode = WAL');
		c.exec('CREATE TABLE scratch (x BLOB)');
		c.exec(
			'WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 300) INSERT INTO scratch SELECT randomblob(4000) FROM n'
		);
		c.close();
		const made = admin(
			older,
			'user',
			'create',
			'--email',
			'kept@example.org',
			'--name',
			'Kept',
			'--password',
			'a long and private passphrase'
		);
		expect(made.code, made.stderr).toBe(0);
		const w = new Database(older);
		w.exec('DELETE FROM scratch');
		w.close();
		// Opening it (as start-up does) changes nothing.
		expect(value(older, 'pragma auto_vacuum')).toBe(0);
		const freeBefore = value(older, 'pragma freelist_count') as number;
		expect(freeBefore).toBeGreaterThan(250);
		const pagesBefore = value(older, 'pragma page_count') as number;

		const r = admin(older, 'vacuum');
		expect(r.code, r.stderr).toBe(0);
		expect(r.stdout).toMatch(/^Before: \d+ bytes \(\d+ pages, \d+ free; auto-vacuum none\)$/m);
		expect(r.stdout).toMatch(/^After: +\d+ bytes \(\d+ pages, 0 free; auto-vacuum incremental\)$/m);
		expect(value(older, 'pragma auto_vacuum')).toBe(2);
		expect(value(older, 'pragma freelist_count')).toBe(0);
		expect(value(older, 'pragma page_count') as number).toBeLessThan(pagesBefore - 250);
		expect(value(older, 'select group_concat(email) from users')).toBe('kept@example.org');
		expect(value(older, 'pragma integrity_check')).toBe('ok');
	});
});
