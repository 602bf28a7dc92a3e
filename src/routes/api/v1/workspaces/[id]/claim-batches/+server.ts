import { json } from '@sveltejs/kit';
import { actorOf, api } from '$lib/server/api';
import { batches, exportBatch } from '$lib/server/claims/batches';
import { isoUtc } from '$lib/domain/time';
import type { RequestEvent } from './$types';

const serialize = (b: { number: number; claimCount: number; totalPence: number; createdAt: number }) => ({
	number: b.number,
	claimCount: b.claimCount,
	totalPence: b.totalPence,
	createdAt: isoUtc(b.createdAt)
});

export const GET = api<RequestEvent>(async ({ locals, params }) => {
	const b = await batches(actorOf(locals), params.id);
	return json({ batches: b.batches.map(serialize) });
});

/** Exports the approved claims not yet exported as the next batch (409 when there are none). */
export const POST = api<RequestEvent>(async ({ locals, params }) =>
	json(serialize(await exportBatch(actorOf(locals), params.id)), { status: 201 })
);
