import { error } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import * as comments from '$lib/server/comments';
import * as consultations from '$lib/server/consultations';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = ({ params, locals }) => {
	const db = getDb();
	const c = consultations.getConsultation(db, params.consultation);
	if (!c) error(404, { message: 'Not found', code: 'not_found' });
	const { workspace } = comments.documentAccess(
		db,
		{ user: locals.user, token: null },
		c.documentId,
		'member'
	);
	if (workspace.slug !== params.workspace && workspace.id !== params.workspace)
		error(404, { message: 'Not found', code: 'not_found' });
	return new Response(consultations.summaryCsv(db, c), {
		headers: {
			'content-type': 'text/csv; charset=utf-8',
			'content-disposition': `attachment; filename="consultation-${c.id}.csv"`
		}
	});
};
