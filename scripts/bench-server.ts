// Starts Parity for the collaboration benchmark (scripts/bench.sh): a fresh database in the harness's data
// folder with one editor, one workspace named by COLLAB_BENCH_WORKSPACE and a write token whose value comes
// from PARITY_BENCH_TOKEN, then the real production entry (server/index.ts). Safe to run again on the same
// folder (the harness restarts the server for its cold-load scenario).
//   node scripts/bench-server.ts --data DIR --port PORT
import path from 'node:path';
import { parseArgs } from 'node:util';
import { closeDatabase, openDatabase } from '../src/lib/server/db/index.ts';
import { hashSecret } from '../src/lib/domain/secrets.ts';

const { values } = parseArgs({ options: { data: { type: 'string' }, port: { type: 'string' } } });
if (!values.data || !values.port) throw new Error('usage: bench-server.ts --data DIR --port PORT');
const token = process.env.PARITY_BENCH_TOKEN;
const workspaceId = process.env.COLLAB_BENCH_WORKSPACE;
if (!token?.startsWith('parity_pat_') || !workspaceId)
	throw new Error('set PARITY_BENCH_TOKEN and COLLAB_BENCH_WORKSPACE');

const root = path.resolve(import.meta.dirname, '..');
const dbFile = path.join(path.resolve(values.data), 'parity.db');
const db = openDatabase({ url: `file:${dbFile}`, migrationsFolder: path.join(root, 'drizzle') });
const now = Date.now();
const c = db.$client;
c.prepare(
	"INSERT OR IGNORE INTO users (id, email, name, password_hash, created_at) VALUES ('benchuser', 'bench@example.org', 'Benchmark', '!', ?)"
).run(now);
c.prepare(
	"INSERT OR IGNORE INTO workspaces (id, slug, name, created_at) VALUES (?, 'bench', 'Benchmark', ?)"
).run(workspaceId, now);
c.prepare(
	"INSERT OR IGNORE INTO workspace_members (workspace_id, user_id, role, created_at) VALUES (?, 'benchuser', 'editor', ?)"
).run(workspaceId, now);
c.prepare(
	"INSERT OR REPLACE INTO api_tokens (id, user_id, name, token_hash, scope, created_at) VALUES ('benchtoken', 'benchuser', 'bench', ?, 'write', ?)"
).run(hashSecret(token), now);
closeDatabase(db);

process.env.DATABASE_URL = `file:${dbFile}`;
process.env.PORT = values.port;
process.env.HOST ??= '127.0.0.1';
// The bench shares one user between up to 2 000 sockets and writes 20 000 updates as fast as it can.
process.env.COLLAB_MAX_CONNECTIONS_PER_USER ??= '10000';
process.env.COLLAB_MAX_MESSAGES_PER_SECOND ??= '1000000';
process.env.COLLAB_MAX_AWARENESS_PER_SECOND ??= '1000000';
await import('../server/index.ts');
