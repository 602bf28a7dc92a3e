import { error, json } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import { actorOf, api } from '$lib/server/api';
import * as comments from '$lib/server/comments';
import * as consultations from '$lib/server/consultations';
import type { RequestEvent } from './$types';

export const GET = api<RequestEvent>(({ locals, params }) => {
	const db = getDb();
	const c = consultations.getConsultation(db, params.id);
	if (!c) error(404, { message: 'Not found', code: 'not_found' });
	const { member } = comments.documentAccess(db, actorOf(locals), c.documentId, 'member');
	return json(
		consultations.serializeConsultation(c, {
			responded: consultations.respondedCounts(db, c),
			links: member.role === 'facilitator' ? consultations.listLinks(db, c.id) : undefined
		})
	);
});
