/**
 * RFC 8058 one-click unsubscribe: mail programs POST `List-Unsubscribe=One-Click` to the address in a
 * message's List-Unsubscribe header, from their own servers, without a session and without an Origin that
 * matches ours. The signed token in the address is the only authority needed, so this is answered before
 * the page handler (whose cross-site form check would refuse it). A GET (a person opening the address)
 * goes to the confirmation page instead, since link scanners fetch addresses in messages.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { DB } from '../db/index.ts';
import { applyUnsubscribe, readUnsubscribeToken, unsubscribePaths } from './unsubscribe.ts';

const PREFIX = '/unsubscribe/one-click/';
/** A token as `unsubscribeToken` makes it: base64url payload, a dot, base64url signature. */
const TOKEN = /^[A-Za-z0-9_-]{1,600}\.[A-Za-z0-9_-]{1,100}$/;

/**
 * Answers a one-click request and returns true, or returns false for any other address. It runs in the
 * HTTP server's request listener, where anything thrown would end the process: the address is checked
 * before it reaches a header, and database errors become a 500.
 */
export function handleOneClick(db: DB, req: IncomingMessage, res: ServerResponse): boolean {
	const path = (req.url ?? '').split('?')[0];
	if (!path.startsWith(PREFIX)) return false;
	const token = path.slice(PREFIX.length);
	const send = (status: number, body: string, headers: Record<string, string> = {}) => {
		if (res.headersSent || res.destroyed) return;
		res
			.writeHead(status, {
				'content-type': 'text/plain; charset=utf-8',
				'cache-control': 'no-store',
				...headers
			})
			.end(body);
	};
	if (!TOKEN.test(token)) {
		send(404, 'This unsubscribe link is not valid.');
		return true;
	}
	if (req.method === 'GET' || req.method === 'HEAD') {
		send(303, 'See the confirmation page.', { location: unsubscribePaths(token).page });
		return true;
	}
	if (req.method !== 'POST') {
		send(405, 'Use POST.', { allow: 'GET, POST' });
		return true;
	}
	let size = 0;
	req.on('data', (chunk: Buffer) => {
		size += chunk.length;
		if (size > 4096) req.destroy();
	});
	req.on('end', async () => {
		try {
			const target = await readUnsubscribeToken(db, token);
			if (!target) return send(404, 'This unsubscribe link is not valid.');
			await applyUnsubscribe(db, target);
			send(200, 'Unsubscribed. You will not get these emails any more.');
		} catch {
			send(500, 'Could not unsubscribe just now; please try again.');
		}
	});
	return true;
}
