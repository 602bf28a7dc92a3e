// Pages and their data go out gzipped when the browser takes gzip: on a slow connection a document page's
// HTML is the first thing a reader waits for, and it compresses to about a fifth. The built JavaScript and
// CSS are compressed once at build time and served as they are (adapter-node's `precompress`, on by default);
// the API answers as before.
import { pipeline, Readable } from 'node:stream';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import { constants, createGzip } from 'node:zlib';

/** Pages, SvelteKit's page data (streamed or not) and form action results. */
const COMPRESSED_TYPES = /^(text\/html|text\/sveltekit-data|application\/json)\b/i;

/** Whether an Accept-Encoding header takes gzip (named, or through `*`, with a weight above 0). */
export function acceptsGzip(header: string | null): boolean {
	const weights = new Map(
		(header ?? '').split(',').map((part) => {
			const [name, ...params] = part.split(';').map((s) => s.trim().toLowerCase());
			const q = params.find((p) => p.startsWith('q='));
			return [name, q === undefined ? 1 : Number(q.slice(2))] as const;
		})
	);
	return (weights.get('gzip') ?? weights.get('*') ?? 0) > 0;
}

/** The response gzipped when it is a page or page data and the request takes gzip; otherwise itself. */
export function gzipped(request: Request, response: Response): Response {
	if (
		!response.body ||
		response.headers.has('content-encoding') ||
		!COMPRESSED_TYPES.test(response.headers.get('content-type') ?? '') ||
		!acceptsGzip(request.headers.get('accept-encoding'))
	)
		return response;
	const headers = new Headers(response.headers);
	headers.set('content-encoding', 'gzip');
	headers.delete('content-length');
	headers.append('vary', 'Accept-Encoding');
	// Every chunk is flushed as it comes, so what SvelteKit streams (data of a load still running) is not held.
	const gzip = createGzip({ flush: constants.Z_SYNC_FLUSH });
	pipeline(Readable.fromWeb(response.body as NodeReadableStream), gzip, () => {});
	return new Response(Readable.toWeb(gzip) as ReadableStream, {
		status: response.status,
		statusText: response.statusText,
		headers
	});
}
