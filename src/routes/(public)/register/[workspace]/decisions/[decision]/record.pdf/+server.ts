import { actorOf } from '$lib/server/api';
import { page } from '$lib/server/http/errors';
import { decisionFile } from '$lib/server/register/decision-file';
import type { RequestHandler } from './$types';

/** The decision record as a file to file: whoever reads the record may download it. */
export const GET: RequestHandler = page(async ({ locals, params }) =>
	decisionFile(actorOf(locals), { workspace: params.workspace, ip: locals.ip }, params.decision, 'pdf')
);
