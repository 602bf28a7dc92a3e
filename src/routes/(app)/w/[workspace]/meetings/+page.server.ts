import { actorOf } from '$lib/server/api';
import { formCommand } from '$lib/server/forms';
import { page } from '$lib/server/http/errors';
import { feedState, renewFeed, stopFeed } from '$lib/server/meetings/feed';
import { workspaceMeetings } from '$lib/server/meetings/queries';
import type { Actions, PageServerLoadEvent } from './$types';

export const load = page(async ({ params, locals }: PageServerLoadEvent) => {
	const actor = actorOf(locals);
	const { maySchedule, upcoming, past } = await workspaceMeetings(actor, params.workspace);
	const row = (m: (typeof upcoming)[number]) => ({
		id: m.id,
		title: m.title,
		startsAt: m.startsAt,
		where: [m.place, m.onlineLink ? 'online' : ''].filter(Boolean).join(' · '),
		cancelled: m.status === 'cancelled'
	});
	return {
		maySchedule,
		upcoming: upcoming.map(row),
		past: past.map(row),
		feed: locals.user ? await feedState(actor) : null
	};
});

export const actions: Actions = {
	feed: async ({ locals, request, url }) => {
		const data = await request.formData();
		const r = await formCommand(data, () => renewFeed(actorOf(locals)));
		if (!r.ok) return r.failure;
		return { success: 'Your calendar address is ready.', feedUrl: url.origin + r.value };
	},
	stopFeed: async ({ locals, request }) => {
		const data = await request.formData();
		const r = await formCommand(data, () => stopFeed(actorOf(locals)));
		return r.ok ? { success: 'Your calendar feed is off: its address finds nothing now.' } : r.failure;
	}
};
