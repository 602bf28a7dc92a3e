import { page } from '$lib/server/http/errors';
import { actorOf } from '$lib/server/api';
import * as commands from '$lib/server/workspaces/commands';
import { partnersPage } from '$lib/server/workspaces/queries';
import { organisationInput } from '$lib/server/organisations/schemas';
import { partnerPatch } from '$lib/server/workspaces/schemas';
import { checkbox, formCommand, formFailure, text, validateForm } from '$lib/server/forms';
import { readOrganisationForm } from '$lib/server/organisations/forms';
import type { Actions, PageServerLoadEvent } from './$types';

export const load = page(
	async ({ params, locals }: PageServerLoadEvent) => await partnersPage(actorOf(locals), params.workspace)
);

export const actions: Actions = {
	add: async ({ params, locals, request }) => {
		const data = await request.formData();
		const organisationId = text(data, 'organisationId');
		if (!organisationId)
			return formFailure(400, 'Choose an organisation.', data, { organisationId: 'Choose an organisation.' });
		const r = await formCommand(data, () =>
			commands.addPartner(actorOf(locals), params.workspace, {
				organisationId,
				grassroots: checkbox(data, 'grassroots'),
				byAndFor: checkbox(data, 'byAndFor')
			})
		);
		return r.ok ? { success: `${r.value.name} is now a partner.` } : r.failure;
	},
	/** A new organisation for this workspace, a partner at once (an administrator verifies it for the directory). */
	create: async ({ params, locals, request }) => {
		const data = await request.formData();
		const v = readOrganisationForm(organisationInput, data);
		if (!v.ok) return v.failure;
		const r = await formCommand(data, () =>
			commands.createPartner(actorOf(locals), params.workspace, v.data)
		);
		return r.ok ? { success: `${r.value.name} is now a partner.` } : r.failure;
	},
	record: async ({ params, locals, request }) => {
		const data = await request.formData();
		const v = validateForm(
			partnerPatch,
			{
				sector: text(data, 'sector') || undefined,
				sizeBand: text(data, 'sizeBand') || undefined,
				grassroots: checkbox(data, 'grassroots'),
				byAndFor: checkbox(data, 'byAndFor')
			},
			data
		);
		if (!v.ok) return v.failure;
		const patch = v.data.sector === 'statutory' ? { ...v.data, grassroots: false, byAndFor: false } : v.data;
		const r = await formCommand(data, () =>
			commands.changePartner(actorOf(locals), params.workspace, text(data, 'organisationId'), patch)
		);
		return r.ok ? { success: `The record of ${r.value.name} is saved.` } : r.failure;
	},
	confirm: async ({ params, locals, request }) => {
		const data = await request.formData();
		const r = await formCommand(data, () =>
			commands.changePartner(actorOf(locals), params.workspace, text(data, 'organisationId'), {
				confirm: true
			})
		);
		return r.ok ? { success: `The record of ${r.value.name} is confirmed.` } : r.failure;
	},
	dismiss: async ({ params, locals, request }) => {
		const data = await request.formData();
		const r = await formCommand(data, () =>
			commands.changePartner(actorOf(locals), params.workspace, text(data, 'organisationId'), {
				dismiss: true
			})
		);
		return r.ok ? { success: `This workspace keeps its record of ${r.value.name}.` } : r.failure;
	},
	remove: async ({ params, locals, request }) => {
		const data = await request.formData();
		const r = await formCommand(data, () =>
			commands.removePartner(actorOf(locals), params.workspace, text(data, 'organisationId'))
		);
		return r.ok ? { success: 'Partner removed.' } : r.failure;
	}
};
