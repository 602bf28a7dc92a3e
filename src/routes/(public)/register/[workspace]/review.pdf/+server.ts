import { actorOf } from '$lib/server/api';
import { page } from '$lib/server/http/errors';
import { reviewFile } from '$lib/server/register/review-file';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = page(async ({ locals, params, url }) =>
	reviewFile(actorOf(locals), { workspace: params.workspace, ip: locals.ip, url }, 'pdf')
);
