import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { getDb } from '$lib/server/db';
import { actorOf, api, readJson } from '$lib/server/api';
import { requireAdmin, requireWriteScope } from '$lib/server/access';
import * as register from '$lib/server/register';
import type { RequestEvent } from './$types';

/** The people the register holds details about (administrators). */
export const GET = api<RequestEvent>(async ({ locals, params }) => {
	const db = getDb();
	const actor = actorOf(locals);
	requireAdmin(actor);
	const workspace = await register.findWorkspaceForAdmin(db, actor, params.id);
	return json({ people: await register.listPeople(db, workspace.id) });
});

const input = z
	.object({
		person: z.string().min(1, 'Name the person (a key from GET …/register/redactions).'),
		reason: z.string().trim().min(1, 'Give the reason (for example "lawful erasure request").').max(500)
	})
	.strict();

/** Removes one person's details from the register and appends a personal.redacted entry (administrators). */
export const POST = api<RequestEvent>(async ({ locals, params, request }) => {
	const db = getDb();
	const actor = actorOf(locals);
	requireWriteScope(actor);
	requireAdmin(actor);
	const workspace = await register.findWorkspaceForAdmin(db, actor, params.id);
	const body = await readJson(request, input);
	const { entry, removed } = await register.redactPerson(db, workspace.id, body.person, body.reason);
	return json({ seq: entry.seq, hash: entry.hash, removed }, { status: 201 });
});
