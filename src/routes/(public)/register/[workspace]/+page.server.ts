import { getDb } from '$lib/server/db';
import * as decisions from '$lib/server/decisions/queries';
import { decisionHeading } from '$lib/server/decisions/serialize';
import { zonedToUtc } from '$lib/domain/time';
import type { PageServerLoad } from './$types';

const date = (s: string | null) => (s && /^\d{4}-\d{2}-\d{2}$/.test(s) ? s : '');

export const load: PageServerLoad = async ({ parent, url }) => {
	const { register } = await parent();
	const filters = {
		kind: url.searchParams.get('kind') ?? '',
		outcome: url.searchParams.get('outcome') ?? '',
		from: date(url.searchParams.get('from')),
		to: date(url.searchParams.get('to')),
		q: (url.searchParams.get('q') ?? '').slice(0, 200)
	};
	const list = await decisions.listDecisions(getDb(), register.id, {
		kind: filters.kind || undefined,
		outcome: filters.outcome || undefined,
		from: filters.from ? (zonedToUtc(`${filters.from}T00:00`, register.timeZone) ?? undefined) : undefined,
		to: filters.to ? (zonedToUtc(`${filters.to}T00:00`, register.timeZone) ?? 0) + 86_400_000 : undefined,
		q: filters.q || undefined
	});
	return {
		filters,
		filtered: Object.values(filters).some(Boolean),
		decisions: list.map((d) => ({
			...decisionHeading(d),
			documentKind: d.documentKind,
			documentTitle: d.documentTitle,
			supersedesId: d.supersedesId
		}))
	};
};
