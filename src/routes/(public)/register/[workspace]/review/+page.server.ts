import { getDb } from '$lib/server/db';
import * as jobs from '$lib/server/register-jobs';
import { reviewRange } from '$lib/server/register-public';
import { todayIn } from '$lib/server/actions';
import type { ReviewData } from '$lib/server/register-review';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ parent, url, locals }) => {
	const { register } = await parent();
	const range = reviewRange(url, register.timeZone);
	jobs.rateLimit(locals.ip);
	const review = await jobs.run<ReviewData>(getDb(), {
		kind: 'review',
		workspaceId: register.id,
		today: todayIn(register.timeZone),
		...range
	});
	return { range, review };
};
