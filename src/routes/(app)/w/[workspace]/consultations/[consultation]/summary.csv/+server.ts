import { error } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import { documentFor } from '$lib/server/documents/queries';
import { page, rethrowAsHttp } from '$lib/server/http/errors';
import { actorOf } from '$lib/server/api';
import * as consultations from '$lib/server/consultations';
import type { RequestEvent } from './$types';

export const GET = page(async ({ params, locals }: RequestEvent) => {
	const db = getDb();
	const c = await consultations.getConsultation(db, params.consultation);
	if (!c) error(404, { message: 'Not found', code: 'not_found' });
	const { workspace } = await documentFor(actorOf(locals), c.documentId).catch(rethrowAsHttp);
	if (workspace.slug !== params.workspace && workspace.id !== params.workspace)
		error(404, { message: 'Not found', code: 'not_found' });
	return new Response(await consultations.summaryCsv(db, c), {
		headers: {
			'content-type': 'text/csv; charset=utf-8',
			'content-disposition': `attachment; filename="consultation-${c.id}.csv"`
		}
	});
});
