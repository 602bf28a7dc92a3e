// The composition root: everything Parity starts besides serving pages, in one place for both entries —
// `npm start` (server/index.ts) and `npm run dev` (server/dev-plugin.ts, through Vite's module graph).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { sql } from 'drizzle-orm';
import { engineOf, setDb, type DB } from './db/index.ts';
import { settings } from './db/schema/index.ts';
import { prepareSetupCode } from './setup.ts';
import { createCollabServer, type CollabServer } from './collab/server.ts';
import { openBus } from './collab/bus.ts';
import { logError, logWarning } from './log.ts';
import { startScheduler, stopScheduler } from './votes/scheduler.ts';
import { upgradeDocuments } from './decisions/adoption.ts';
import { mailerStatus, startMailer, stopMailer } from './mail/worker.ts';
import { runJobsOnce } from './jobs/leader.ts';
import { handleOneClick } from './mail/one-click.ts';
import { currentSso } from './auth/sso/config.ts';

export type ParityApp = {
	db: DB;
	/** The one-time set-up code while no account exists, else null. */
	setupCode: string | null;
	/** Real-time collaboration, to attach to the HTTP server's `upgrade` event. */
	collab: CollabServer;
	/** Answers the requests served outside SvelteKit (health check, one-click unsubscribe); false for others. */
	serve: (req: IncomingMessage, res: ServerResponse) => boolean;
	/**
	 * Starts the mail worker once the public address (ORIGIN) is known (in the process that runs the
	 * background jobs), and says what it and set-up need.
	 */
	startMail: () => void;
	/** Stops the mail worker, the collaboration server and the scheduler (the caller closes the database). */
	stop: () => Promise<void>;
};

/**
 * Starts Parity on an open, migrated database: installs it as the process-wide connection, prepares the
 * first-run set-up code, upgrades documents, starts the scheduler (votes open and close at their times,
 * catching up on what fell due while the server was down) and creates the collaboration server. With several
 * processes on PostgreSQL, the scheduler and the mail worker run in one of them at a time (jobs/leader.ts).
 */
export async function startApp(db: DB, log: (line: string) => void = console.log): Promise<ParityApp> {
	setDb(db);
	const setupCode = await prepareSetupCode(db);
	const sso = currentSso();
	if (sso.problem) log(`Single sign-on is off: ${sso.problem}`);
	else if (sso.config) log(`Single sign-on: ${sso.config.name} (${sso.config.issuer.href}).`);

	// Idempotent upgrade before any room opens: documents marked decided by hand go back to review (their text
	// saved as a version) unless an approved record adopted exactly their text (see docs/documents.md).
	const upgraded = await upgradeDocuments(db);
	if (upgraded.reviewed + upgraded.adopted + upgraded.reset > 0)
		log(
			`Documents upgraded: ${upgraded.reviewed} back under review, ${upgraded.adopted} given their adopted version, ${upgraded.reset} set to their adopted text.`
		);

	// With REDIS_URL, several processes serve the same PostgreSQL database and share live documents. A SQLite
	// file is served by one process alone (its lease), so there is nobody to share with.
	const redisUrl = process.env.REDIS_URL;
	const shared = Boolean(redisUrl) && engineOf(db) === 'postgres';
	if (redisUrl && !shared) log('REDIS_URL is not used: one process serves a SQLite database alone.');
	const bus = shared
		? await openBus(redisUrl!, (message, error) =>
				error === undefined ? logWarning(`collab: ${message}`) : logError(`collab: ${message}`, error)
			)
		: null;
	if (bus) log('Live documents are shared with the other Parity processes through Redis (REDIS_URL).');
	// The background jobs: the scheduler now (in the process that holds the jobs' lease), the mail worker once
	// startMail is called (it needs ORIGIN).
	let mailing = false;
	const jobs = await runJobsOnce(
		db,
		{
			start: async () => {
				await startScheduler(db);
				if (mailing) startMailer(db);
			},
			stop: async () => {
				stopScheduler();
				await stopMailer();
			}
		},
		{ log }
	);
	const collab = createCollabServer({ db, bus });

	return {
		db,
		setupCode,
		collab,
		serve(req, res) {
			if (req.url === '/healthz') {
				db.select({ n: sql<number>`1` })
					.from(settings)
					.limit(1)
					.then(
						() => res.writeHead(200, { 'content-type': 'text/plain' }).end('ok'),
						() => res.writeHead(503, { 'content-type': 'text/plain' }).end('database unavailable')
					);
				return true;
			}
			return handleOneClick(db, req, res);
		},
		startMail() {
			if (mailing) return;
			mailing = true;
			// Email: queued in the database and sent by the worker (or kept in the administrators' outbox).
			const mail = jobs.leading() ? startMailer(db) : mailerStatus();
			if (mail.mode === 'outbox')
				log('Mail: no SMTP_URL set, so messages are kept in the outbox (Administration → Mail).');
			if (setupCode) {
				log('');
				log('  No account exists yet. Open Parity in a browser and create the first administrator');
				log(`  with this one-time set-up code: ${setupCode}`);
				log('');
			}
		},
		async stop() {
			await jobs.stop();
			await collab.close();
		}
	};
}
