// Development only: starts Parity the way the production entry does (src/lib/server/app.ts: set-up code,
// document upgrade, scheduler, collaboration, mail) inside Vite's module graph, and attaches it to Vite's HTTP
// server, so `npm run dev` serves WS /collab/<documentId>, the health check and one-click unsubscribe on the
// same port as the pages.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Plugin, ViteDevServer } from 'vite';

type AppModule = typeof import('../src/lib/server/app.ts');
type DbModule = typeof import('../src/lib/server/db/index.ts');
type ParityApp = Awaited<ReturnType<AppModule['startApp']>>;

export function parityDevPlugin(): Plugin {
	let parity: Promise<ParityApp> | undefined;

	// Loaded through Vite's SSR module graph, so the scheduler, collaboration and mail share the database
	// connection (held on globalThis) and the modules with the SvelteKit code that Vite serves.
	function start(vite: ViteDevServer): Promise<ParityApp> {
		parity ??= (async () => {
			const { getDb } = (await vite.ssrLoadModule('/src/lib/server/db/index.ts')) as DbModule;
			const { startApp } = (await vite.ssrLoadModule('/src/lib/server/app.ts')) as AppModule;
			return await startApp(getDb(), (line) => vite.config.logger.info(line));
		})();
		return parity;
	}

	return {
		name: 'parity-dev',
		apply: 'serve',
		configureServer(vite) {
			const http = vite.httpServer;
			if (!http) return;
			http.once('listening', () => {
				start(vite).then(
					(app) => app.startMail(),
					(e: unknown) => vite.config.logger.error(`Parity failed to start: ${String(e)}`)
				);
			});
			vite.middlewares.use((req, res, next) => {
				if (req.url !== '/healthz' && !req.url?.startsWith('/unsubscribe/one-click/')) return next();
				start(vite).then((app) => {
					if (!app.serve(req, res)) next();
				}, next);
			});
			http.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
				if (!req.url?.startsWith('/collab/')) return; // Vite's own HMR socket and anything else
				start(vite).then(
					(app) => app.collab.handleUpgrade(req, socket, head),
					(e: unknown) => {
						vite.config.logger.error(`collab server failed to start: ${String(e)}`);
						socket.end('HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
					}
				);
			});
			http.once('close', () => {
				if (parity) void parity.then((app) => app.stop()).catch(() => {});
			});
		}
	};
}
