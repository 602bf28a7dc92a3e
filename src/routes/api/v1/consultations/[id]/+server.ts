import { json } from '@sveltejs/kit';
import { actorOf, api } from '$lib/server/api';
import { consultationView } from '$lib/server/consultations/queries';
import type { ConsultationViewJson } from '$lib/server/consultations/schemas';
import { serializeChange, serializeConsultation, serializeLink } from '$lib/server/consultations/serialize';
import type { RequestEvent } from './$types';

export const GET = api<RequestEvent>(async ({ locals, params }) => {
	const { consultation, responded, changes, links } = await consultationView(actorOf(locals), params.id);
	const answer: ConsultationViewJson = {
		...serializeConsultation(consultation),
		responded,
		changes: changes.map(serializeChange),
		links: links?.map(serializeLink)
	};
	return json(answer);
});
