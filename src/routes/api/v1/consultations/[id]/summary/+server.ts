import { json } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import { actorOf, api, parseWith } from '$lib/server/api';
import { summaryDownload } from '$lib/server/consultations/exports';
import { consultationFor } from '$lib/server/consultations/queries';
import { summaryFormat } from '$lib/server/consultations/schemas';
import { serializeSummary } from '$lib/server/consultations/serialize';
import { summary } from '$lib/server/consultations/summary';
import type { RequestEvent } from './$types';

/** The summary grouped by sector and organisation: `?format=json` (default), `md` or `csv`. */
export const GET = api<RequestEvent>(async ({ locals, params, url }) => {
	const db = getDb();
	const { consultation, document } = await consultationFor(actorOf(locals), params.id);
	const format = parseWith(summaryFormat, url.searchParams.get('format') ?? undefined);
	if (format !== 'json') return await summaryDownload(db, consultation, document.title, format);
	const { groups } = await summary(db, consultation);
	return json(serializeSummary(consultation, groups));
});
