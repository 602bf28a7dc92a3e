import { actorOf } from '$lib/server/api';
import { page } from '$lib/server/http/errors';
import { invitedMeetingPage } from '$lib/server/meetings/queries';
import { meetingFacts } from '$lib/server/meetings/serialize';
import type { PageServerLoadEvent } from './$types';

export const load = page(async ({ params, locals }: PageServerLoadEvent) => {
	const p = await invitedMeetingPage(actorOf(locals), params.meeting);
	const m = p.meeting;
	return {
		...p,
		meeting: meetingFacts(m),
		agenda: p.agenda.map((i) => ({
			id: i.id,
			title: i.title,
			facts: [i.presenter, i.minutes ? `${i.minutes} minutes` : ''].filter(Boolean).join(' · '),
			paper: i.document
				? [i.document.title, i.document.version ? `— version “${i.document.version.name}”` : '']
						.filter(Boolean)
						.join(' ')
				: null
		}))
	};
});
