import { redirect } from '@sveltejs/kit';
import { actorOf } from '$lib/server/api';
import { formCommand } from '$lib/server/forms';
import { page } from '$lib/server/http/errors';
import { recordAttendance } from '$lib/server/meetings/commands';
import { readAttendanceForm } from '$lib/server/meetings/form';
import { attendanceForm } from '$lib/server/meetings/queries';
import type { Actions, PageServerLoadEvent } from './$types';

export const load = page(
	async ({ params, locals }: PageServerLoadEvent) =>
		await attendanceForm(actorOf(locals), params.workspace, params.meeting)
);

export const actions: Actions = {
	default: async ({ params, locals, request }) => {
		const data = await request.formData();
		const r = await formCommand(data, () =>
			recordAttendance(actorOf(locals), params.meeting, readAttendanceForm(data), params.workspace)
		);
		if (!r.ok) return r.failure;
		redirect(303, `/w/${params.workspace}/meetings/${params.meeting}?recorded`);
	}
};
