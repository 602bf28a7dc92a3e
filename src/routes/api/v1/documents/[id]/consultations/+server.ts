import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { actorOf, api, readJson } from '$lib/server/api';
import { openConsultation } from '$lib/server/consultations/commands';
import { consultationsOf } from '$lib/server/consultations/queries';
import type { ConsultationCountsJson, OpenedJson } from '$lib/server/consultations/schemas';
import { serializeConsultation } from '$lib/server/consultations/serialize';
import type { RequestEvent } from './$types';

export const GET = api<RequestEvent>(async ({ locals, params }) =>
	json({
		consultations: (await consultationsOf(actorOf(locals), params.id)).map(
			({ consultation, responded }): ConsultationCountsJson => ({
				...serializeConsultation(consultation),
				responded
			})
		)
	})
);

/** Opens a consultation; `closesAt` is a local date and time in the workspace's time zone (YYYY-MM-DDTHH:MM). */
export const POST = api<RequestEvent>(async ({ locals, params, request }) => {
	const body = await readJson(request, z.unknown());
	const { consultation, linkToken } = await openConsultation(actorOf(locals), params.id, body);
	const answer: OpenedJson = {
		...serializeConsultation(consultation),
		publicLink: linkToken ? `/consult/${linkToken}` : null
	};
	return json(answer, {
		status: 201,
		headers: { location: `/api/v1/consultations/${consultation.id}` }
	});
});
