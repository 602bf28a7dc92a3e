import { redirect } from '@sveltejs/kit';
import { actorOf } from '$lib/server/api';
import { formCommand, succeeded, text } from '$lib/server/forms';
import { page } from '$lib/server/http/errors';
import {
	addAgendaItem,
	cancelMeeting,
	inviteToMeeting,
	moveAgendaItem,
	removeAgendaItem,
	startMinutes
} from '$lib/server/meetings/commands';
import { readAgendaItemForm } from '$lib/server/meetings/form';
import { meetingPage } from '$lib/server/meetings/queries';
import { meetingFacts } from '$lib/server/meetings/serialize';
import type { Actions, PageServerLoadEvent } from './$types';

export const load = page(async ({ params, locals }: PageServerLoadEvent) => {
	const p = await meetingPage(actorOf(locals), params.workspace, params.meeting);
	const m = p.meeting;
	return {
		...p,
		meeting: { ...meetingFacts(m), minutesDocumentId: m.minutesDocumentId },
		invitees: p.invitees.map((i) => ({
			id: i.id,
			name: i.name,
			guest: i.guest,
			attendance: i.attendance?.status ?? null,
			attendedFor: i.attendance?.organisationId ?? null
		}))
	};
});

const position = (data: FormData) => ({ position: Number(text(data, 'position')) || 0 });

export const actions: Actions = {
	minutes: async ({ params, locals, request }) => {
		const data = await request.formData();
		const r = await formCommand(data, () => startMinutes(actorOf(locals), params.meeting, params.workspace));
		if (!r.ok) return r.failure;
		redirect(303, `/w/${params.workspace}/documents/${r.value.id}`);
	},
	cancel: async ({ params, locals, request }) => {
		const data = await request.formData();
		const r = await formCommand(data, () => cancelMeeting(actorOf(locals), params.meeting, params.workspace));
		return r.ok ? { success: 'The meeting was cancelled.' } : r.failure;
	},
	addItem: async ({ params, locals, request }) => {
		const data = await request.formData();
		const r = await formCommand(data, () =>
			addAgendaItem(actorOf(locals), params.meeting, readAgendaItemForm(data), params.workspace)
		);
		return r.ok ? succeeded('The item was added to the agenda.', data) : r.failure;
	},
	moveItem: async ({ params, locals, request }) => {
		const data = await request.formData();
		const r = await formCommand(data, () =>
			moveAgendaItem(actorOf(locals), params.meeting, text(data, 'id'), position(data), params.workspace)
		);
		return r.ok ? { success: 'The agenda was reordered.' } : r.failure;
	},
	removeItem: async ({ params, locals, request }) => {
		const data = await request.formData();
		const r = await formCommand(data, () =>
			removeAgendaItem(actorOf(locals), params.meeting, text(data, 'id'), params.workspace)
		);
		return r.ok ? { success: 'The item was removed from the agenda.' } : r.failure;
	},
	invite: async ({ params, locals, request }) => {
		const data = await request.formData();
		const r = await formCommand(data, () =>
			inviteToMeeting(actorOf(locals), params.meeting, { userId: text(data, 'userId') }, params.workspace)
		);
		return r.ok ? succeeded(`${r.value.name} is invited.`, data) : r.failure;
	},
	inviteGuest: async ({ params, locals, request }) => {
		const data = await request.formData();
		const input = { name: text(data, 'name').trim(), email: text(data, 'email').trim() };
		const r = await formCommand(data, () =>
			inviteToMeeting(actorOf(locals), params.meeting, input, params.workspace)
		);
		return r.ok ? succeeded(`${r.value.name} is invited.`, data) : r.failure;
	}
};
