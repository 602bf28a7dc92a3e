import { error } from '@sveltejs/kit';
import { actorOf, api } from '$lib/server/api';
import { batchCsv } from '$lib/server/claims/batches';
import type { RequestEvent } from './$types';

/** A batch as CSV, as often as needed: always the same claims. */
export const GET = api<RequestEvent>(async ({ locals, params }) => {
	const n = Number(params.number);
	if (!/^\d{1,9}$/.test(params.number) || n < 1) error(404, { message: 'Not found', code: 'not_found' });
	const b = await batchCsv(actorOf(locals), params.id, n);
	return new Response(b.csv, {
		headers: {
			'content-type': 'text/csv; charset=utf-8',
			'content-disposition': `attachment; filename="${b.filename}"`
		}
	});
});
