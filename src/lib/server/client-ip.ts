import type { IncomingHttpHeaders } from 'node:http';

/**
 * The client's address, for rate limits and logs. Behind a proxy set ADDRESS_HEADER (for example
 * `x-forwarded-for`) and XFF_DEPTH (how many proxies you run); the address is then read from that header,
 * counting from the right so a client cannot forge it. server/index.ts sets it on each request as
 * CLIENT_IP_HEADER, which pages and the API read (hooks.server.ts); the collaboration server limits by user,
 * not by address.
 */
export function clientIp(headers: IncomingHttpHeaders, socketAddress: string | undefined): string {
	const header = process.env.ADDRESS_HEADER?.toLowerCase();
	if (header) {
		const raw = headers[header];
		const value = Array.isArray(raw) ? raw.join(',') : raw;
		if (value) {
			if (header === 'x-forwarded-for') {
				const depth = Math.max(1, Number(process.env.XFF_DEPTH ?? 1) || 1);
				const parts = value
					.split(',')
					.map((s) => s.trim())
					.filter(Boolean);
				const picked = parts[parts.length - depth] ?? parts[0];
				if (picked) return picked;
			} else {
				return value.trim();
			}
		}
	}
	return normalise(socketAddress ?? 'unknown');
}

function normalise(address: string): string {
	return address.startsWith('::ffff:') ? address.slice(7) : address;
}

/** The header the production entry sets on every request it hands to SvelteKit (overwriting any sent). */
export const CLIENT_IP_HEADER = 'x-parity-client-ip';
