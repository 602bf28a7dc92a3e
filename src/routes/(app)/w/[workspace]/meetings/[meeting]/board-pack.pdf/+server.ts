import { actorOf } from '$lib/server/api';
import { page } from '$lib/server/http/errors';
import { boardPack } from '$lib/server/meetings/board-pack';
import type { RequestHandler } from './$types';

/** The agenda and each paper at its pinned version, as one PDF. */
export const GET: RequestHandler = page(async ({ locals, params }) =>
	boardPack(actorOf(locals), params.workspace, params.meeting)
);
