import { getDb } from '$lib/server/db';
import * as actions from '$lib/server/decisions/queries';
import { todayIn } from '$lib/domain/action-dates';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ parent, url }) => {
	const { register } = await parent();
	const db = getDb();
	const filters = {
		owner: url.searchParams.get('owner') ?? '',
		status: url.searchParams.get('status') ?? ''
	};
	const all = await actions.listActions(db, register.id, register.timeZone);
	const owners = [
		...new Map(all.map((a): [string, string] => [a.ownerOrganisationId, a.ownerName])).entries()
	]
		.map(([id, name]) => ({ id, name }))
		.sort((a, b) => a.name.localeCompare(b.name));
	const list = await actions.listActions(db, register.id, register.timeZone, {
		owner: filters.owner || undefined,
		status: filters.status || undefined
	});
	return {
		filters,
		owners,
		today: todayIn(register.timeZone),
		actions: await Promise.all(
			list.map(async (a) => ({
				id: a.id,
				ownerName: a.ownerName,
				description: a.description,
				dueDate: a.dueDate,
				status: a.status,
				overdue: a.overdue,
				decisionId: a.decisionId,
				decisionTitle: a.decisionTitle,
				notes: (await actions.listNotes(db, a.id)).filter((n) => n.note)
			}))
		)
	};
};
