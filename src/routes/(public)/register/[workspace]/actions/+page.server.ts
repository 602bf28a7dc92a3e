import { getDb } from '$lib/server/db';
import * as actions from '$lib/server/decisions/queries';
import { todayIn } from '$lib/domain/action-dates';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ parent, url }) => {
	const { register } = await parent();
	const db = getDb();
	return {
		...(await actions.actionsPage(db, register, url.searchParams)),
		today: todayIn(register.timeZone)
	};
};
