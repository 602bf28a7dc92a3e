import { error } from '@sveltejs/kit';
import { actorOf } from '$lib/server/api';
import { rethrowAsHttp } from '$lib/server/http/errors';
import { batchCsv } from '$lib/server/claims/batches';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ params, locals }) => {
	const n = Number(params.number);
	if (!Number.isSafeInteger(n) || n < 1) error(404, 'Not found');
	const b = await batchCsv(actorOf(locals), params.workspace, n).catch(rethrowAsHttp);
	return new Response(b.csv, {
		headers: {
			'content-type': 'text/csv; charset=utf-8',
			'content-disposition': `attachment; filename="${b.filename}"`,
			'cache-control': 'private, no-store'
		}
	});
};
