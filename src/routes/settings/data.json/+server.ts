import { json, redirect } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import { actorOf } from '$lib/server/api';
import { personalData } from '$lib/server/account/personal-data';
import type { RequestHandler } from './$types';

/** "Download my data" as a JSON file. */
export const GET: RequestHandler = async ({ locals }) => {
	if (!locals.user) redirect(303, '/login?next=/settings/data');
	const data = await personalData(getDb(), actorOf(locals));
	return json(data, {
		headers: {
			'content-disposition': `attachment; filename="parity-my-data-${data.exportedAt.slice(0, 10)}.json"`,
			'cache-control': 'no-store'
		}
	});
};
