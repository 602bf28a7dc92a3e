import { getDb, transaction } from '$lib/server/db';
import { mayTakePart, requireRole } from '$lib/server/access';
import { createOrganisation, listOrganisations, organisationInput } from '$lib/server/organisations';
import { addPartner, listPartners, partnerPatch, removePartner, updatePartner } from '$lib/server/workspaces';
import { checkbox, formCommand, formFailure, text, validateForm } from '$lib/server/forms';
import type { Actions, PageServerLoad } from './$types';

const actor = (locals: App.Locals) => ({ user: locals.user, token: null });

export const load: PageServerLoad = async ({ parent, locals }) => {
	const { workspace, member } = await parent();
	const db = getDb();
	// Who set each record is for members; visitors to a public workspace see the record only.
	const partners = (await listPartners(db, workspace.id)).map((p) =>
		member ? p : { ...p, recordedBy: null, recordedByName: null }
	);
	const taken = new Set(partners.map((p) => p.organisationId));
	return {
		partners,
		candidates:
			member?.role === 'facilitator'
				? (await listOrganisations(db, actor(locals)))
						.filter((o) => !taken.has(o.id) && mayTakePart(o, workspace.id))
						.map((o) => ({ id: o.id, name: o.name, sector: o.sector }))
				: []
	};
};

export const actions: Actions = {
	add: async ({ params, locals, request }) => {
		const { workspace } = await requireRole(getDb(), actor(locals), params.workspace, 'facilitator');
		const data = await request.formData();
		const organisationId = text(data, 'organisationId');
		if (!organisationId)
			return formFailure(400, 'Choose an organisation.', data, { organisationId: 'Choose an organisation.' });
		const r = await formCommand(
			data,
			async () =>
				await addPartner(
					getDb(),
					workspace.id,
					{
						organisationId,
						grassroots: checkbox(data, 'grassroots'),
						byAndFor: checkbox(data, 'byAndFor')
					},
					locals.user!.id
				)
		);
		return r.ok ? { success: `${r.value.name} is now a partner.` } : r.failure;
	},
	/** A new organisation for this workspace, a partner at once (an administrator verifies it for the directory). */
	create: async ({ params, locals, request }) => {
		const db = getDb();
		const { workspace } = await requireRole(db, actor(locals), params.workspace, 'facilitator');
		const data = await request.formData();
		const v = validateForm(
			organisationInput,
			{ name: text(data, 'name'), sector: text(data, 'sector'), sizeBand: text(data, 'sizeBand') },
			data
		);
		if (!v.ok) return v.failure;
		const r = await formCommand(
			data,
			async () =>
				await transaction(db, async () => {
					const org = await createOrganisation(db, actor(locals), v.data, { workspaceId: workspace.id });
					return await addPartner(
						db,
						workspace.id,
						{ organisationId: org.id, grassroots: false, byAndFor: false },
						locals.user!.id
					);
				})
		);
		return r.ok ? { success: `${r.value.name} is now a partner.` } : r.failure;
	},
	record: async ({ params, locals, request }) => {
		const { workspace } = await requireRole(getDb(), actor(locals), params.workspace, 'facilitator');
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
		const r = await formCommand(
			data,
			async () =>
				await updatePartner(getDb(), workspace.id, text(data, 'organisationId'), patch, locals.user!.id)
		);
		return r.ok ? { success: `The record of ${r.value.name} is saved.` } : r.failure;
	},
	confirm: async ({ params, locals, request }) => {
		const { workspace } = await requireRole(getDb(), actor(locals), params.workspace, 'facilitator');
		const data = await request.formData();
		const r = await formCommand(
			data,
			async () =>
				await updatePartner(
					getDb(),
					workspace.id,
					text(data, 'organisationId'),
					{ confirm: true },
					locals.user!.id
				)
		);
		return r.ok ? { success: `The record of ${r.value.name} is confirmed.` } : r.failure;
	},
	dismiss: async ({ params, locals, request }) => {
		const { workspace } = await requireRole(getDb(), actor(locals), params.workspace, 'facilitator');
		const data = await request.formData();
		const r = await formCommand(
			data,
			async () =>
				await updatePartner(
					getDb(),
					workspace.id,
					text(data, 'organisationId'),
					{ dismiss: true },
					locals.user!.id
				)
		);
		return r.ok ? { success: `This workspace keeps its record of ${r.value.name}.` } : r.failure;
	},
	remove: async ({ params, locals, request }) => {
		const { workspace } = await requireRole(getDb(), actor(locals), params.workspace, 'facilitator');
		const data = await request.formData();
		const r = await formCommand(
			data,
			async () => await removePartner(getDb(), workspace.id, text(data, 'organisationId'))
		);
		return r.ok ? { success: 'Partner removed.' } : r.failure;
	}
};
