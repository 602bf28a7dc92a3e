import { json } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import { actorOf, api, readJson } from '$lib/server/api';
import * as reminders from '$lib/server/votes/reminders';
import { reminderInput } from '$lib/server/votes/schemas';
import type { RequestEvent } from './$types';

/** The organisations of an open vote that have not voted, with their last reminder (facilitators). */
export const GET = api<RequestEvent>(async ({ locals, params }) => {
	const r = await reminders.waitingOrganisations(getDb(), actorOf(locals), params.id);
	return json({ open: r.open, organisations: r.organisations.map(reminders.serializeWaiting) });
});

/** Emails the voting delegates of organisations that have not voted (facilitators; once a day each). */
export const POST = api<RequestEvent>(async ({ locals, params, request }) => {
	const db = getDb();
	const actor = actorOf(locals);
	await reminders.mayRemind(actor, params.id);
	const body = await readJson(request, reminderInput);
	const outcome = await reminders.sendReminders(db, actor, params.id, body);
	return json(reminders.serializeOutcome(outcome), { status: 201 });
});
