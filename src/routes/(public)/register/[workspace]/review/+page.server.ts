import { getDb } from '$lib/server/db';
import { page } from '$lib/server/http/errors';
import * as jobs from '$lib/server/register/jobs';
import { reviewRange } from '$lib/server/register/downloads';
import { todayIn } from '$lib/domain/action-dates';
import type { ReviewData } from '$lib/domain/register-review';
import type { PageServerLoad, PageServerLoadEvent } from './$types';

export const load: PageServerLoad = page(async ({ parent, url, locals }: PageServerLoadEvent) => {
	const { register } = await parent();
	const range = reviewRange(url.searchParams, register.timeZone);
	jobs.rateLimit(locals.ip);
	const review = await jobs.run<ReviewData>(getDb(), {
		kind: 'review',
		workspaceId: register.id,
		today: todayIn(register.timeZone),
		...range
	});
	return { range, review };
});
