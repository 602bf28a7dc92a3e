import { actorOf } from '$lib/server/api';
import { page } from '$lib/server/http/errors';
import { download } from '$lib/server/register/downloads';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = page(async ({ locals, params, url }) =>
	download(actorOf(locals), { workspace: params.workspace, ip: locals.ip, url }, 'review.md')
);
