import { json } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import { actorOf, api, readJson } from '$lib/server/api';
import { documentFor } from '$lib/server/documents/queries';
import * as consultations from '$lib/server/consultations';
import type { RequestEvent } from './$types';

export const GET = api<RequestEvent>(async ({ locals, params }) => {
	const db = getDb();
	const { document } = await documentFor(actorOf(locals), params.id);
	return json({
		consultations: await Promise.all(
			(await consultations.listConsultations(db, document.id)).map(async (c) =>
				consultations.serializeConsultation(c, { responded: await consultations.respondedCounts(db, c) })
			)
		)
	});
});

/** Opens a consultation; `closesAt` is a local date and time in the workspace's time zone (YYYY-MM-DDTHH:MM). */
export const POST = api<RequestEvent>(async ({ locals, params, request }) => {
	const db = getDb();
	const actor = actorOf(locals);
	const { document } = await documentFor(actor, params.id, 'document.consult');
	const input = await readJson(request, consultations.openInput);
	const { consultation, linkToken } = await consultations.openConsultation(
		db,
		document,
		actor.user!.id,
		input
	);
	return json(
		consultations.serializeConsultation(consultation, {
			publicLink: linkToken ? `/consult/${linkToken}` : null
		}),
		{ status: 201, headers: { location: `/api/v1/consultations/${consultation.id}` } }
	);
});
