import { error, json } from '@sveltejs/kit';
import { z } from 'zod';
import { getDb } from '$lib/server/db';
import { actorOf, api, parseWith } from '$lib/server/api';
import { documentFor } from '$lib/server/documents/queries';
import * as consultations from '$lib/server/consultations';
import type { RequestEvent } from './$types';

/** The summary grouped by sector and organisation: `?format=json` (default), `md` or `csv`. */
export const GET = api<RequestEvent>(async ({ locals, params, url }) => {
	const db = getDb();
	const c = await consultations.getConsultation(db, params.id);
	if (!c) error(404, { message: 'Not found', code: 'not_found' });
	const { document } = await documentFor(actorOf(locals), c.documentId);
	const format = parseWith(
		z.enum(['json', 'md', 'csv']).default('json'),
		url.searchParams.get('format') ?? undefined
	);
	const name = `consultation-${c.id}`;
	if (format === 'md')
		return new Response(await consultations.summaryMarkdown(db, c, document.title), {
			headers: {
				'content-type': 'text/markdown; charset=utf-8',
				'content-disposition': `attachment; filename="${name}.md"`
			}
		});
	if (format === 'csv')
		return new Response(await consultations.summaryCsv(db, c), {
			headers: {
				'content-type': 'text/csv; charset=utf-8',
				'content-disposition': `attachment; filename="${name}.csv"`
			}
		});
	const { groups } = await consultations.summary(db, c);
	return json({
		consultation: consultations.serializeConsultation(c),
		groups: groups.map((g) => ({
			...g,
			organisations: g.organisations.map((o) => ({
				...o,
				items: o.items.map((i) => ({ ...i, at: new Date(i.at).toISOString() }))
			}))
		}))
	});
});
