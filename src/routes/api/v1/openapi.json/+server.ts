import { json } from '@sveltejs/kit';
import { buildDocument, type Fragment } from '$lib/server/openapi';

const fragments = import.meta.glob<Fragment>('$lib/server/openapi/*.ts', { eager: true });

export const GET = ({ url }) =>
	json(
		buildDocument(
			Object.entries(fragments)
				.filter(([path]) => !path.endsWith('/index.ts'))
				.map(([, m]) => m),
			url.origin
		),
		{ headers: { 'access-control-allow-origin': '*' } }
	);
