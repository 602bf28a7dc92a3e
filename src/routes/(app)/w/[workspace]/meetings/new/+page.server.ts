import { redirect } from '@sveltejs/kit';
import { actorOf } from '$lib/server/api';
import { formCommand } from '$lib/server/forms';
import { page } from '$lib/server/http/errors';
import { scheduleMeeting } from '$lib/server/meetings/commands';
import { readMeetingForm } from '$lib/server/meetings/form';
import { scheduleForm } from '$lib/server/meetings/queries';
import type { Actions, PageServerLoadEvent } from './$types';

export const load = page(
	async ({ params, locals }: PageServerLoadEvent) => await scheduleForm(actorOf(locals), params.workspace)
);

export const actions: Actions = {
	default: async ({ params, locals, request }) => {
		const data = await request.formData();
		const r = await formCommand(data, () =>
			scheduleMeeting(actorOf(locals), params.workspace, readMeetingForm(data), { localTimes: true })
		);
		if (!r.ok) return r.failure;
		redirect(303, `/w/${r.value.workspaceSlug}/meetings/${r.value.meeting.id}`);
	}
};
