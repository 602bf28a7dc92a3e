import { json } from '@sveltejs/kit';
import { buildDocument, type Fragment, type HandWritten } from '$lib/server/openapi';
import type { RequestEvent } from './$types';

const fragments = import.meta.glob<Fragment | HandWritten>('$lib/server/openapi/*.ts', { eager: true });

export const GET = ({ url }: RequestEvent) =>
	json(
		buildDocument(
			Object.entries(fragments)
				.filter(([path]) => !path.endsWith('/index.ts'))
				.map(([, m]) => m),
			url.origin
		),
		{ headers: { 'access-control-allow-origin': '*' } }
	);
