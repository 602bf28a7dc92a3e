import { json } from '@sveltejs/kit';
import { buildDocument, type Fragment } from '$lib/server/openapi';
import type { RequestEvent } from './$types';

const fragments = import.meta.glob<Fragment>('$lib/server/openapi/*.ts', { eager: true });

// Generating it from the schemas takes some milliseconds: once is enough.
let document: ReturnType<typeof buildDocument> | undefined;

export const GET = ({ url }: RequestEvent) => {
	document ??= buildDocument(
		Object.entries(fragments)
			.filter(([path]) => !path.endsWith('/index.ts'))
			.map(([, m]) => m)
	);
	return json(
		{ ...document, servers: [{ url: `${url.origin}/api/v1` }] },
		{ headers: { 'access-control-allow-origin': '*' } }
	);
};
