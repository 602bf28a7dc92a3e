import { error } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import { actorOf, api } from '$lib/server/api';
import { documentFor } from '$lib/server/documents/queries';
import * as consultations from '$lib/server/consultations';
import type { RequestEvent } from './$types';

/** Revokes a public link: it grants nothing from now on, to new and returning people alike. */
export const DELETE = api<RequestEvent>(async ({ locals, params }) => {
	const db = getDb();
	const c = await consultations.getConsultation(db, params.id);
	if (!c) error(404, { message: 'Not found', code: 'not_found' });
	await documentFor(actorOf(locals), c.documentId, 'document.consult');
	if (!(await consultations.revokeLink(db, c.id, params.linkId, Date.now())))
		error(404, { message: 'Not found', code: 'not_found' });
	return new Response(null, { status: 204 });
});
