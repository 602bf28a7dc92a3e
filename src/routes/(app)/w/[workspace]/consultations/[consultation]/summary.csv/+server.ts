import { actorOf } from '$lib/server/api';
import { summaryFile } from '$lib/server/consultations/queries';
import { page } from '$lib/server/http/errors';
import type { RequestEvent } from './$types';

export const GET = page(
	async ({ params, locals }: RequestEvent) =>
		await summaryFile(actorOf(locals), params.workspace, params.consultation, 'csv')
);
