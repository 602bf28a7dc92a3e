import { error, json } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import { actorOf, api, readJson } from '$lib/server/api';
import { documentFor } from '$lib/server/documents/queries';
import * as consultations from '$lib/server/consultations';
import type { RequestEvent } from './$types';

async function load(id: string) {
	const db = getDb();
	const c = await consultations.getConsultation(db, id);
	if (!c) error(404, { message: 'Not found', code: 'not_found' });
	return { db, c };
}

/** Every contribution (answers, comments, suggestions) with the organisation and sector behind it. */
export const GET = api<RequestEvent>(async ({ locals, params }) => {
	const { db, c } = await load(params.id);
	await documentFor(actorOf(locals), c.documentId);
	return json({
		responded: await consultations.respondedCounts(db, c),
		contributions: (await consultations.contributions(db, c)).map((i) => ({
			...i,
			at: new Date(i.at).toISOString()
		}))
	});
});

/** Answers the questions (one answer per question, in order); answering again replaces one's answers. */
export const POST = api<RequestEvent>(async ({ locals, params, request }) => {
	const { db, c } = await load(params.id);
	const actor = actorOf(locals);
	const { member } = await documentFor(actor, c.documentId, 'document.respond');
	const { answers } = await readJson(request, consultations.responseInput);
	const r = await consultations.respond(
		db,
		c,
		{ userId: actor.user!.id, organisationId: member.organisationId },
		answers
	);
	return json({ id: r.id, replaced: r.replaced }, { status: r.replaced ? 200 : 201 });
});
