// Development only: attaches the collaboration server to Vite's HTTP server, so `npm run dev` serves
// WS /collab/<documentId> on the same port as the pages, as the production entry (server/index.ts) does.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Plugin, ViteDevServer } from 'vite';

type CollabModule = typeof import('../src/lib/server/collab/server.ts');
type DbModule = typeof import('../src/lib/server/db/index.ts');
type OneClickModule = typeof import('../src/lib/server/mail/one-click.ts');
type MailModule = typeof import('../src/lib/server/mail/worker.ts');
type CollabServer = ReturnType<CollabModule['createCollabServer']>;

export function collabDevPlugin(): Plugin {
	let collab: Promise<CollabServer> | undefined;

	// Loaded through Vite's SSR module graph on the first connection, so the collab server shares the
	// database connection (held on globalThis) with the SvelteKit code that Vite serves.
	function start(vite: ViteDevServer): Promise<CollabServer> {
		collab ??= (async () => {
			const { createCollabServer } = (await vite.ssrLoadModule(
				'/src/lib/server/collab/server.ts'
			)) as CollabModule;
			const { getDb } = (await vite.ssrLoadModule('/src/lib/server/db/index.ts')) as DbModule;
			return createCollabServer({ db: getDb() });
		})();
		return collab;
	}

	return {
		name: 'parity-collab-dev',
		apply: 'serve',
		configureServer(vite) {
			const http = vite.httpServer;
			if (!http) return;
			// Email: the worker and the one-click unsubscribe address, as in server/index.ts.
			const load = async () => {
				const { getDb } = (await vite.ssrLoadModule('/src/lib/server/db/index.ts')) as DbModule;
				const oneClick = (await vite.ssrLoadModule('/src/lib/server/mail/one-click.ts')) as OneClickModule;
				return { db: getDb(), oneClick };
			};
			http.once('listening', () => {
				void (async () => {
					const { getDb } = (await vite.ssrLoadModule('/src/lib/server/db/index.ts')) as DbModule;
					const { startMailer } = (await vite.ssrLoadModule('/src/lib/server/mail/worker.ts')) as MailModule;
					startMailer(getDb());
				})().catch((e: unknown) => vite.config.logger.error(`mail worker failed to start: ${String(e)}`));
			});
			vite.middlewares.use((req, res, next) => {
				if (!req.url?.startsWith('/unsubscribe/one-click/')) return next();
				load().then(({ db, oneClick }) => {
					if (!oneClick.handleOneClick(db, req, res)) next();
				}, next);
			});
			http.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
				if (!req.url?.startsWith('/collab/')) return; // Vite's own HMR socket and anything else
				start(vite).then(
					(server) => server.handleUpgrade(req, socket, head),
					(e: unknown) => {
						vite.config.logger.error(`collab server failed to start: ${String(e)}`);
						socket.end('HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
					}
				);
			});
			http.once('close', () => {
				if (collab) void collab.then((server) => server.close()).catch(() => {});
			});
		}
	};
}
