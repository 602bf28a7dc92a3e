import { json } from '@sveltejs/kit';
import { actorOf, api } from '$lib/server/api';
import { consultationView } from '$lib/server/consultations/queries';
import { serializeConsultation } from '$lib/server/consultations/serialize';
import type { RequestEvent } from './$types';

export const GET = api<RequestEvent>(async ({ locals, params }) => {
	const { consultation, ...extra } = await consultationView(actorOf(locals), params.id);
	return json(serializeConsultation(consultation, extra));
});
