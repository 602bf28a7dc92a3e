// Command line for administrators: `npm run admin -- <command>` (see the README).
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { eq, or } from 'drizzle-orm';
import { statSync } from 'node:fs';
import {
	closeDatabase,
	databasePath,
	DEFAULT_DATABASE_URL,
	isPostgresUrl,
	openStorage,
	writeConnection,
	type DB
} from '../src/lib/server/db/index.ts';
import { autoVacuumMode } from '../src/lib/server/db/space.ts';
import { workspaces } from '../src/lib/server/db/schema/index.ts';
import { createUser, findUserByEmail, setPassword, UserInputError } from '../src/lib/server/users.ts';
import { createApiToken } from '../src/lib/server/auth/tokens.ts';
import { removeTwoFactor } from '../src/lib/server/auth/two-factor.ts';
import { isDomainError } from '../src/lib/server/errors.ts';
import { DEMO_PASSWORD, DemoRefused, loadDemo, removeDemo } from '../src/lib/server/demo.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const USAGE = `Usage: npm run admin -- <command> [options]

  user create --email E --name N --password P [--admin]
  user reset-password --email E --password P
  user reset-two-factor --email E --reason R
                         remove someone's authenticator and recovery codes (recorded in the governance
                         history of their workspaces; they are emailed), for an administrator locked out
  token create --email E --name N [--scope read|write] [--workspace ID|SLUG]... [--expires-days N]
  backup --to FILE       (SQLite) copy the database file while Parity runs
  vacuum                 (SQLite; stop Parity first) rewrite the file without its free pages, in incremental
                         auto-vacuum mode, so that later compactions give their pages back as they go
  demo [--force] [--remove]

The database is DATABASE_URL (default file:./data/parity.db), a SQLite file or postgres://…. On PostgreSQL,
back up and vacuum with PostgreSQL's own tools (pg_dump, VACUUM): see docs/operations.md.`;

function fail(message: string): never {
	console.error(`parity admin: ${message}`);
	process.exit(1);
}

/** A workspace's id from its id or address name; an unknown one stops the command. */
async function workspaceId(db: DB, idOrSlug: string): Promise<string> {
	const [found] = await db
		.select({ id: workspaces.id })
		.from(workspaces)
		.where(or(eq(workspaces.id, idOrSlug), eq(workspaces.slug, idOrSlug)))
		.limit(1);
	return found?.id ?? fail(`No workspace “${idOrSlug}”.`);
}

const url = process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL;
let opened: DB | undefined;

/** Opens the database (either engine) and applies its migrations; closed when the command ends. */
async function open(): Promise<DB> {
	opened ??= await openStorage({ url, migrationsFolder: path.join(root, 'drizzle'), busyTimeout: 5000 });
	return opened;
}

/** Stops a command that works on a SQLite file only, with exit status 2, when the database is PostgreSQL. */
function sqliteOnly(command: string): void {
	if (!isPostgresUrl(url)) return;
	console.error(
		`parity admin: “${command}” applies to a SQLite database file; this one is PostgreSQL. ` +
			`Use PostgreSQL's own tools (pg_dump for a backup, VACUUM) instead.`
	);
	process.exit(2);
}

async function main(argv: string[]) {
	const { values, positionals } = parseArgs({
		args: argv,
		allowPositionals: true,
		options: {
			email: { type: 'string' },
			name: { type: 'string' },
			password: { type: 'string' },
			admin: { type: 'boolean', default: false },
			scope: { type: 'string', default: 'write' },
			workspace: { type: 'string', multiple: true },
			'expires-days': { type: 'string' },
			to: { type: 'string' },
			reason: { type: 'string' },
			force: { type: 'boolean', default: false },
			remove: { type: 'boolean', default: false },
			help: { type: 'boolean', short: 'h', default: false }
		}
	});
	const command = positionals.join(' ');
	if (values.help || !command) {
		console.log(USAGE);
		return;
	}
	const need = (key: 'email' | 'name' | 'password' | 'to' | 'reason') =>
		values[key] ?? fail(`--${key} is required.\n\n${USAGE}`);

	switch (command) {
		case 'user create': {
			const db = await open();
			try {
				const user = await createUser(db, {
					email: need('email'),
					name: need('name'),
					password: need('password'),
					isAdmin: values.admin
				});
				console.log(`Created ${user.isAdmin ? 'administrator' : 'user'} ${user.email} (${user.id}).`);
			} catch (e) {
				if (e instanceof UserInputError) fail(`${e.field}: ${e.message}`);
				throw e;
			}
			return;
		}
		case 'user reset-password': {
			const db = await open();
			const user = (await findUserByEmail(db, need('email'))) ?? fail('No user with that email address.');
			try {
				await setPassword(db, user.id, need('password'));
			} catch (e) {
				if (e instanceof UserInputError) fail(e.message);
				throw e;
			}
			console.log(`Password reset for ${user.email}; their sessions have ended.`);
			return;
		}
		case 'user reset-two-factor': {
			const db = await open();
			const user = (await findUserByEmail(db, need('email'))) ?? fail('No user with that email address.');
			const reason = need('reason').trim();
			if (reason.length < 3) fail('--reason must say why (it is recorded and sent to them).');
			try {
				await removeTwoFactor(db, user.id, { by: null, reason });
			} catch (e) {
				if (isDomainError(e)) fail(e.message);
				throw e;
			}
			console.log(`Two-factor sign-in reset for ${user.email}; their sessions have ended.`);
			return;
		}
		case 'token create': {
			const db = await open();
			const user = (await findUserByEmail(db, need('email'))) ?? fail('No user with that email address.');
			const scope =
				values.scope === 'read' || values.scope === 'write'
					? values.scope
					: fail('--scope must be read or write.');
			const days = values['expires-days'] ? Number(values['expires-days']) : null;
			if (days !== null && (!Number.isInteger(days) || days < 1))
				fail('--expires-days must be a whole number of days.');
			const { token, info } = await createApiToken(db, {
				userId: user.id,
				name: need('name'),
				scope,
				workspaceIds: values.workspace
					? await Promise.all(values.workspace.map((w) => workspaceId(db, w)))
					: null,
				expiresAt: days ? Date.now() + days * 86_400_000 : null
			});
			console.error(`Created ${scope} token “${info.name}” for ${user.email}. It is shown once:`);
			console.log(token);
			return;
		}
		case 'backup': {
			sqliteOnly('backup');
			const db = await open();
			const to = path.resolve(need('to'));
			let last = -1;
			await db.$client.backup(to, {
				progress({ totalPages, remainingPages }) {
					const pct = Math.floor(((totalPages - remainingPages) / totalPages) * 100);
					if (pct >= last + 10) {
						process.stderr.write(`backup ${pct}%\n`);
						last = pct;
					}
					return 200;
				}
			});
			console.log(`Backed up to ${to}.`);
			return;
		}
		case 'demo': {
			const db = await open();
			if (values.remove) {
				const r = await removeDemo(db);
				console.log(
					`Removed the demo: ${r.users} accounts, ${r.organisations} organisations, ${r.workspaces} workspace(s).`
				);
				return;
			}
			try {
				const r = await loadDemo(db, { force: values.force });
				console.log(
					r.created
						? `Loaded the demo partnership at /w/${r.slug}. Demo accounts sign in with the password: ${DEMO_PASSWORD}`
						: `The demo partnership is already loaded (/w/${r.slug}); nothing changed.`
				);
			} catch (e) {
				if (e instanceof DemoRefused) fail(e.message);
				throw e;
			}
			return;
		}
		case 'vacuum': {
			sqliteOnly('vacuum');
			const file = databasePath(url);
			const db = await open();
			const c = writeConnection(db).$client;
			const describe = () => {
				c.pragma('wal_checkpoint(TRUNCATE)');
				const size = (f: string) => {
					try {
						return statSync(f).size;
					} catch {
						return 0;
					}
				};
				const bytes = size(file) + size(`${file}-wal`);
				const pages = c.pragma('page_count', { simple: true }) as number;
				const free = c.pragma('freelist_count', { simple: true }) as number;
				return `${bytes} bytes (${pages} pages, ${free} free; auto-vacuum ${autoVacuumMode(c)})`;
			};
			console.log(`Before: ${describe()}`);
			c.pragma('auto_vacuum = INCREMENTAL');
			c.exec('VACUUM');
			console.log(`After:  ${describe()}`);
			return;
		}
		default:
			fail(`unknown command “${command}”.\n\n${USAGE}`);
	}
}

try {
	await main(process.argv.slice(2));
} finally {
	if (opened) await closeDatabase(opened);
}
