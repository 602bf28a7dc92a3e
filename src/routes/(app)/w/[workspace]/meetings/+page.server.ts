import { actorOf } from '$lib/server/api';
import { page } from '$lib/server/http/errors';
import { workspaceMeetings } from '$lib/server/meetings/queries';
import type { PageServerLoadEvent } from './$types';

export const load = page(async ({ params, locals }: PageServerLoadEvent) => {
	const { maySchedule, upcoming, past } = await workspaceMeetings(actorOf(locals), params.workspace);
	const row = (m: (typeof upcoming)[number]) => ({
		id: m.id,
		title: m.title,
		startsAt: m.startsAt,
		where: [m.place, m.onlineLink ? 'online' : ''].filter(Boolean).join(' · '),
		cancelled: m.status === 'cancelled'
	});
	return { maySchedule, upcoming: upcoming.map(row), past: past.map(row) };
});
