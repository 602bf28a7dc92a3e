// Production entry: opens the database, runs migrations, starts Parity (src/lib/server/app.ts: set-up code,
// document upgrade, scheduler, collaboration, mail), listens, then imports the built SvelteKit handler (which
// reads ORIGIN when imported).
import http from 'node:http';
import module from 'node:module';
import path from 'node:path';
import v8 from 'node:v8';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
	checkpointerOf,
	closeDatabase,
	databasePath,
	DEFAULT_DATABASE_URL,
	isPostgresUrl,
	openStorage
} from '../src/lib/server/db/index.ts';
import { LeaseTaken, takeLease, takePostgresLease } from '../src/lib/server/db/lease.ts';
import { startApp } from '../src/lib/server/app.ts';
import { clientIp, CLIENT_IP_HEADER } from '../src/lib/server/client-ip.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

// `npm start` after a build (scripts/node.sh): with every module above loaded, and so stripped of its types into
// Node's compile cache (scripts/serve.sh sets NODE_COMPILE_CACHE), stop before opening anything. The server
// started next finds them all there and never loads the TypeScript stripper, which would stay in its memory.
if (process.env.PARITY_PRIME_COMPILE_CACHE) {
	module.flushCompileCache();
	process.exit(0);
}

// One server per database (src/lib/server/db/lease.ts): a second one stops here, before migrating anything.
// On PostgreSQL with REDIS_URL, several servers share the database and their live documents.
const databaseUrl = process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL;
try {
	if (isPostgresUrl(databaseUrl)) await takePostgresLease(databaseUrl, Boolean(process.env.REDIS_URL));
	else takeLease(databasePath(databaseUrl));
} catch (e) {
	if (!(e instanceof LeaseTaken)) throw e;
	console.error(`Parity: ${e.message}`);
	process.exit(1);
}
const db = await openStorage({ url: databaseUrl, migrationsFolder: path.join(root, 'drizzle') });
const parity = await startApp(db);

// Memory diagnostics for scripts/bench-memory.ts, off unless PARITY_MEMORY_REPORT is set: on SIGUSR2 the process
// prints one line, `memory {…}` (bytes), and nothing is served over the network.
if (process.env.PARITY_MEMORY_REPORT) {
	process.on('SIGUSR2', () => {
		const spaces = Object.fromEntries(
			v8.getHeapSpaceStatistics().map((s) => [s.space_name, { size: s.space_size, used: s.space_used_size }])
		);
		const code = v8.getHeapCodeStatistics();
		const { total_physical_size: heapPhysical } = v8.getHeapStatistics();
		// Whether Node loaded its TypeScript stripper (none of the server's modules was in the compile cache).
		const typescriptStripper = process.moduleLoadList.includes('NativeModule internal/deps/amaro/dist/index');
		console.log(
			`memory ${JSON.stringify({ usage: process.memoryUsage(), heapPhysical, spaces, code, typescriptStripper })}`
		);
	});
}

type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => void;
const app: { handler?: Handler } = {};

const server = http.createServer((req, res) => {
	if (parity.serve(req, res)) return;
	if (!app.handler) {
		res.writeHead(503, { 'content-type': 'text/plain', 'retry-after': '1' }).end('starting');
		return;
	}
	req.headers[CLIENT_IP_HEADER] = clientIp(req.headers, req.socket.remoteAddress);
	app.handler(req, res);
});

const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST || undefined;
// Unset ORIGIN: the public URL is this address.
const originHost =
	!host || host === '0.0.0.0' || host === '::' ? 'localhost' : host.includes(':') ? `[${host}]` : host;

// Real-time collaboration attaches to this server here, before the handler is imported (see docs/architecture.md).
server.on('upgrade', (req, socket, head) => {
	if (parity.collab.handles(req)) parity.collab.handleUpgrade(req, socket, head);
	else socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
});

// The largest body the server reads: the biggest upload it takes (Word files, receipts). adapter-node reads
// BODY_SIZE_LIMIT when the handler is imported and answers 413 above it; JSON bodies have their own 1 MiB
// limit (readJson in src/lib/server/api.ts).
process.env.BODY_SIZE_LIMIT ||= '10M';

async function loadHandler() {
	const handlerModule = process.env.PARITY_HANDLER
		? await import(pathToFileURL(path.resolve(process.env.PARITY_HANDLER)).href)
		: await import('#build/handler');
	app.handler = handlerModule.handler as Handler;
}

// With a fixed port the public URL is known before listening: import the handler first, so the server
// accepts connections only once it can serve them (importing it blocks the event loop for a while).
// Port 0 (tests) must listen first to learn its port.
if (port !== 0) {
	process.env.ORIGIN ||= `http://${originHost}:${port}`;
	await loadHandler();
}
await new Promise<void>((resolve, reject) => {
	server.once('error', reject);
	server.listen(port, host, () => resolve());
});
const address = server.address();
const actualPort = typeof address === 'object' && address ? address.port : port;
process.env.ORIGIN ||= `http://${originHost}:${actualPort}`;
if (!app.handler) await loadHandler();

console.log(`Parity listening on ${process.env.ORIGIN} (port ${actualPort})`);
parity.startMail();

let stopping = false;
async function shutdown(signal: string) {
	if (stopping) return;
	stopping = true;
	console.log(`Parity: ${signal} received, closing…`);
	const force = setTimeout(() => process.exit(1), 10_000);
	force.unref();
	server.close();
	server.closeIdleConnections();
	await parity.stop();
	// The checkpoint thread's connection first, so that closing the writer empties the log into the file.
	await checkpointerOf(db)?.close();
	await closeDatabase(db);
	process.exit(0);
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
