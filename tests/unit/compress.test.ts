// Pages and page data go out gzipped when the browser takes gzip; other answers, and browsers that do not
// take it, get the response as it was.
import { describe, expect, it } from 'vitest';
import { constants, gunzipSync } from 'node:zlib';
import { acceptsGzip, gzipped } from '../../src/lib/server/http/compress.ts';

const page = (type: string, body: BodyInit | null = '<p>Policy text</p>'.repeat(100)) =>
	new Response(body, { status: 200, headers: { 'content-type': type, 'set-cookie': 'a=1' } });
const asking = (encoding: string | null) =>
	new Request('http://localhost/w/x', encoding ? { headers: { 'accept-encoding': encoding } } : {});

describe('accept-encoding', () => {
	it('takes gzip when named or covered by *, unless its weight is 0', () => {
		expect(acceptsGzip('gzip, deflate, br, zstd')).toBe(true);
		expect(acceptsGzip('br;q=1.0, gzip;q=0.5')).toBe(true);
		expect(acceptsGzip('*')).toBe(true);
		expect(acceptsGzip('gzip;q=0, *')).toBe(false);
		expect(acceptsGzip('br, deflate')).toBe(false);
		expect(acceptsGzip('identity')).toBe(false);
		expect(acceptsGzip('')).toBe(false);
		expect(acceptsGzip(null)).toBe(false);
	});
});

describe('gzipped responses', () => {
	it('gzips a page, keeping its status and headers', async () => {
		const original = page('text/html; charset=utf-8');
		const text = await original.clone().text();
		const sent = gzipped(asking('gzip, br'), original);
		expect(sent.headers.get('content-encoding')).toBe('gzip');
		expect(sent.headers.get('vary')).toMatch(/Accept-Encoding/);
		expect(sent.headers.getSetCookie()).toEqual(['a=1']);
		const bytes = Buffer.from(await sent.arrayBuffer());
		expect(bytes.length).toBeLessThan(text.length / 5);
		expect(gunzipSync(bytes).toString()).toBe(text);
	});

	it('sends each chunk of streamed page data as it comes', async () => {
		let push!: (s: string) => void;
		let end!: () => void;
		const body = new ReadableStream<Uint8Array>({
			start(controller) {
				push = (s) => controller.enqueue(new TextEncoder().encode(s));
				end = () => controller.close();
			}
		});
		const sent = gzipped(asking('gzip'), page('text/sveltekit-data', body));
		const reader = sent.body!.getReader();
		push('{"type":"data"}\n');
		const first = await reader.read();
		// Decodable now, while the source is still open.
		expect(gunzipSync(first.value!, { finishFlush: constants.Z_SYNC_FLUSH }).toString()).toBe(
			'{"type":"data"}\n'
		);
		end();
		while (!(await reader.read()).done);
	});

	it('leaves other types, empty bodies and browsers without gzip alone', () => {
		const csv = page('text/csv');
		expect(gzipped(asking('gzip'), csv)).toBe(csv);
		const html = page('text/html');
		expect(gzipped(asking('br'), html)).toBe(html);
		expect(gzipped(asking(null), html)).toBe(html);
		const redirect = new Response(null, { status: 303, headers: { location: '/' } });
		expect(gzipped(asking('gzip'), redirect)).toBe(redirect);
	});
});
