import { error, json } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import { actorOf, api } from '$lib/server/api';
import { documentFor } from '$lib/server/documents/queries';
import * as consultations from '$lib/server/consultations';
import type { RequestEvent } from './$types';

async function load(id: string) {
	const db = getDb();
	const c = await consultations.getConsultation(db, id);
	if (!c) error(404, { message: 'Not found', code: 'not_found' });
	return { db, c };
}

export const GET = api<RequestEvent>(async ({ locals, params }) => {
	const { db, c } = await load(params.id);
	await documentFor(actorOf(locals), c.documentId, 'document.consult');
	return json({ links: await consultations.listLinks(db, c.id) });
});

/** A new public link; its secret is shown once. */
export const POST = api<RequestEvent>(async ({ locals, params }) => {
	const { db, c } = await load(params.id);
	const actor = actorOf(locals);
	await documentFor(actor, c.documentId, 'document.consult');
	const token = await consultations.createLink(db, c, actor.user!.id);
	return json({ url: `/consult/${token}` }, { status: 201 });
});
