// Several Parity processes behind one port, for the scale-out benchmark (scripts/bench.sh scale): starts
// PARITY_BENCH_PROCESSES (default 2) servers through scripts/bench-server.ts on one PostgreSQL database
// (PARITY_BENCH_POSTGRES) with REDIS_URL, each on a port of its own, and a round-robin TCP proxy on --port, so
// that the harness's clients land on the processes in turn, as they would behind a reverse proxy. With one
// process the proxy stays, so that both runs pay the same extra hop. SIGTERM (the harness stops the whole
// process group) stops the servers; this process exits when they have.
//   node scripts/bench-cluster.ts --data DIR --port PORT
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { data: { type: 'string' }, port: { type: 'string' } } });
if (!values.data || !values.port) throw new Error('usage: bench-cluster.ts --data DIR --port PORT');
if (!process.env.PARITY_BENCH_POSTGRES || !process.env.REDIS_URL)
	throw new Error('set PARITY_BENCH_POSTGRES and REDIS_URL');
const root = path.resolve(import.meta.dirname, '..');
const count = Number(process.env.PARITY_BENCH_PROCESSES ?? 2);

function freePort(): Promise<number> {
	return new Promise((resolve) => {
		const s = net.createServer().listen(0, '127.0.0.1', () => {
			const { port } = s.address() as net.AddressInfo;
			s.close(() => resolve(port));
		});
	});
}

/** Starts one server and resolves with its port once it listens. */
async function start(): Promise<{ port: number; proc: ChildProcess }> {
	const port = await freePort();
	const proc = spawn(
		'bash',
		[
			path.join(root, 'scripts/serve.sh'),
			path.join(root, 'scripts/bench-server.ts'),
			'--data',
			values.data!,
			'--port',
			String(port)
		],
		{ env: process.env, stdio: ['ignore', 'pipe', 'inherit'] }
	);
	await new Promise<void>((resolve, reject) => {
		let out = '';
		proc.stdout!.on('data', (d) => {
			process.stdout.write(d);
			out += d;
			if (out.includes('Parity listening')) resolve();
		});
		proc.once('exit', (code) => reject(new Error(`a server exited with ${code}`)));
	});
	return { port, proc };
}

// One after the other: the first creates the database and applies the migrations.
const servers = [];
for (let i = 0; i < count; i++) servers.push(await start());

let next = 0;
const proxy = net.createServer((client) => {
	const { port } = servers[next++ % servers.length];
	const upstream = net.connect(port, '127.0.0.1');
	client.setNoDelay(true);
	upstream.setNoDelay(true);
	client.pipe(upstream).pipe(client);
	const close = () => {
		client.destroy();
		upstream.destroy();
	};
	client.on('error', close);
	upstream.on('error', close);
	client.on('close', close);
	upstream.on('close', close);
});
proxy.listen(Number(values.port), '127.0.0.1', () =>
	console.log(
		`bench cluster: ${count} processes (${servers.map((s) => s.port).join(', ')}) behind ${values.port}`
	)
);

let stopping = false;
async function stop() {
	if (stopping) return;
	stopping = true;
	proxy.close();
	await Promise.all(
		servers.map(
			({ proc }) =>
				new Promise<void>((resolve) => {
					if (proc.exitCode !== null || proc.signalCode !== null) return resolve();
					proc.once('exit', () => resolve());
					proc.kill('SIGTERM');
				})
		)
	);
	process.exit(0);
}
process.on('SIGTERM', () => void stop());
process.on('SIGINT', () => void stop());
