import { getDb } from '$lib/server/db';
import { page } from '$lib/server/http/errors';
import * as jobs from '$lib/server/register/jobs';
import { reviewRange } from '$lib/server/register/downloads';
import { todayIn } from '$lib/domain/action-dates';
import { actorOf } from '$lib/server/api';
import { figures } from '$lib/server/claims/queries';
import { quarterOf } from '$lib/domain/ledger';
import type { ReviewData } from '$lib/domain/register-review';
import type { PageServerLoad, PageServerLoadEvent } from './$types';

export const load: PageServerLoad = page(async ({ parent, url, locals }: PageServerLoadEvent) => {
	const { register } = await parent();
	const range = reviewRange(url.searchParams, register.timeZone);
	await jobs.rateLimit(locals.ip);
	const review = await jobs.run<ReviewData>(getDb(), {
		kind: 'review',
		workspaceId: register.id,
		today: todayIn(register.timeZone),
		...range
	});
	// The ledger's quarterly figures (no personal data), for the quarters the period touches.
	const { quarters } = await figures(actorOf(locals), register.id);
	const from = quarterOf(range.from);
	const to = quarterOf(range.to);
	return { range, review, payments: quarters.filter((q) => q.quarter >= from && q.quarter <= to) };
});
