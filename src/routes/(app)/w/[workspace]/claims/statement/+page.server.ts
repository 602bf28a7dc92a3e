import { error } from '@sveltejs/kit';
import { actorOf } from '$lib/server/api';
import { page } from '$lib/server/http/errors';
import { statement } from '$lib/server/claims/queries';
import { quarterOf, zonedDay } from '$lib/domain/ledger';
import type { PageServerLoadEvent } from './$types';

export const load = page(async ({ params, locals, url }: PageServerLoadEvent) => {
	const org = url.searchParams.get('organisation') ?? '';
	const quarter = url.searchParams.get('quarter') ?? quarterOf(zonedDay(Date.now(), 'Europe/London'));
	if (!org || !/^\d{4}-Q[1-4]$/.test(quarter)) error(404, 'Not found');
	const s = await statement(actorOf(locals), params.workspace, org, quarter);
	const [y, q] = [Number(quarter.slice(0, 4)), Number(quarter.slice(6))];
	const shift = (n: number) => {
		const i = y * 4 + (q - 1) + n;
		return `${Math.floor(i / 4)}-Q${(i % 4) + 1}`;
	};
	return {
		earlier: shift(-1),
		later: shift(1),
		organisation: s.organisation,
		quarter: s.quarter,
		lines: s.lines,
		totalPence: s.totalPence,
		paidPence: s.paidPence
	};
});
