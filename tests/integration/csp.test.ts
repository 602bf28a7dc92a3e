// Content-Security-Policy: every HTML page says where scripts, styles and connections may come from, and
// allows no inline script without the nonce of that response. See docs/architecture.md.
import { describe, expect, it } from 'vitest';
import type { DB } from '../../src/lib/server/db/index.ts';
import { addMember, createUser, createWorkspace, type TestUser } from '../fixtures/factory.ts';
import type { TestServer } from '../fixtures/server.ts';
import { useServer } from '../fixtures/suite.ts';
import { createDocument } from '../fixtures/collab-client.ts';

let server: TestServer;
let db: DB;
useServer({}, (s) => ({ server, db } = s));

function directives(header: string | null): Map<string, string[]> {
	expect(header, 'Content-Security-Policy header').toBeTruthy();
	return new Map(
		header!
			.split(';')
			.map((d) => d.trim().split(/\s+/))
			.filter((d) => d[0])
			.map(([name, ...values]) => [name, values])
	);
}

async function page(path: string, user?: TestUser) {
	const res = await fetch(server.url + path, { headers: user ? { cookie: user.cookie } : {} });
	expect(res.status).toBe(200);
	expect(res.headers.get('content-type')).toMatch(/^text\/html/);
	return { csp: directives(res.headers.get('content-security-policy')), html: await res.text() };
}

describe('Content-Security-Policy', () => {
	it('lets a page run only its own scripts and the inline ones carrying this response’s nonce', async () => {
		const user = await createUser(db, { name: 'Nina Nonce' });
		const first = await page('/login');
		const second = await page('/', user);
		for (const { csp, html } of [first, second]) {
			expect(csp.get('default-src')).toEqual(["'self'"]);
			const script = csp.get('script-src')!;
			const nonces = script.filter((s) => s.startsWith("'nonce-"));
			expect(nonces).toHaveLength(1);
			expect(script.filter((s) => !s.startsWith("'nonce-"))).toEqual(["'self'"]);
			expect(csp.get('object-src')).toEqual(["'none'"]);
			expect(csp.get('base-uri')).toEqual(["'self'"]);
			expect(csp.get('form-action')).toEqual(["'self'"]);
			expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
			expect(csp.get('connect-src')).toEqual(["'self'"]);
			expect(csp.get('img-src')).toEqual(["'self'", 'data:']);
			// Style sheets from this site only; style attributes (which cannot run script) are allowed.
			expect(csp.get('style-src')?.filter((s) => !s.startsWith("'nonce-"))).toEqual(["'self'"]);
			expect(csp.get('style-src-attr')).toEqual(["'unsafe-inline'"]);
			// Every inline script of the page carries the nonce.
			const nonce = nonces[0].slice("'nonce-".length, -1);
			const inline = [...html.matchAll(/<script(?![^>]*\ssrc=)([^>]*)>/g)];
			expect(inline.length).toBeGreaterThan(0);
			for (const m of inline) expect(m[1]).toContain(`nonce="${nonce}"`);
		}
		// A fresh nonce per response.
		expect(first.csp.get('script-src')).not.toEqual(second.csp.get('script-src'));
	});

	it('sends HTML made outside the page renderer with a policy that allows nothing to run', async () => {
		const user = await createUser(db, { name: 'Hal Html' });
		const ws = await createWorkspace(db, { name: 'HTML export' });
		await addMember(db, ws.id, user.id, { role: 'editor' });
		const doc = await createDocument(db, ws.id);
		const res = await fetch(`${server.url}/api/v1/documents/${doc}?format=html`, {
			headers: { cookie: user.cookie }
		});
		expect(res.status).toBe(200);
		const csp = directives(res.headers.get('content-security-policy'));
		expect(csp.get('default-src')).toEqual(["'none'"]);
		expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
	});
});
