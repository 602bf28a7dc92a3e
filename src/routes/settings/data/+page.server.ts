import { redirect } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import { actorOf } from '$lib/server/api';
import { personalData } from '$lib/server/account/personal-data';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, setHeaders }) => {
	if (!locals.user) redirect(303, '/login?next=/settings/data');
	setHeaders({ 'cache-control': 'no-store' });
	return { mine: await personalData(getDb(), actorOf(locals)) };
};
