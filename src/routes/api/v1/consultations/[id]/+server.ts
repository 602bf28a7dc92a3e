import { error, json } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import { actorOf, api } from '$lib/server/api';
import { documentFor } from '$lib/server/documents/queries';
import * as consultations from '$lib/server/consultations';
import type { RequestEvent } from './$types';

export const GET = api<RequestEvent>(async ({ locals, params }) => {
	const db = getDb();
	const c = await consultations.getConsultation(db, params.id);
	if (!c) error(404, { message: 'Not found', code: 'not_found' });
	const { member } = await documentFor(actorOf(locals), c.documentId);
	return json(
		consultations.serializeConsultation(c, {
			responded: await consultations.respondedCounts(db, c),
			links: member.role === 'facilitator' ? await consultations.listLinks(db, c.id) : undefined
		})
	);
});
