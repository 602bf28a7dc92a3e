import { getDb } from '$lib/server/db';
import { requireRole } from '$lib/server/access';
import { listOrganisations } from '$lib/server/organisations';
import { addPartner, listPartners, removePartner, updatePartner } from '$lib/server/workspaces';
import { checkbox, formCommand, formFailure, text } from '$lib/server/forms';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ parent }) => {
	const { workspace, member } = await parent();
	const db = getDb();
	const partners = listPartners(db, workspace.id);
	const taken = new Set(partners.map((p) => p.organisationId));
	return {
		partners,
		candidates:
			member?.role === 'facilitator'
				? listOrganisations(db)
						.filter((o) => !taken.has(o.id) && o.verified)
						.map((o) => ({ id: o.id, name: o.name, sector: o.sector }))
				: []
	};
};

const actor = (locals: App.Locals) => ({ user: locals.user, token: null });

export const actions: Actions = {
	add: async ({ params, locals, request }) => {
		const { workspace } = requireRole(getDb(), actor(locals), params.workspace, 'facilitator');
		const data = await request.formData();
		const organisationId = text(data, 'organisationId');
		if (!organisationId)
			return formFailure(400, 'Choose an organisation.', data, { organisationId: 'Choose an organisation.' });
		const r = await formCommand(data, () =>
			addPartner(getDb(), workspace.id, {
				organisationId,
				grassroots: checkbox(data, 'grassroots'),
				byAndFor: checkbox(data, 'byAndFor')
			})
		);
		return r.ok ? { success: `${r.value.name} is now a partner.` } : r.failure;
	},
	flags: async ({ params, locals, request }) => {
		const { workspace } = requireRole(getDb(), actor(locals), params.workspace, 'facilitator');
		const data = await request.formData();
		const r = await formCommand(data, () =>
			updatePartner(getDb(), workspace.id, text(data, 'organisationId'), {
				grassroots: checkbox(data, 'grassroots'),
				byAndFor: checkbox(data, 'byAndFor')
			})
		);
		return r.ok ? { success: `Equity flags for ${r.value.name} saved.` } : r.failure;
	},
	remove: async ({ params, locals, request }) => {
		const { workspace } = requireRole(getDb(), actor(locals), params.workspace, 'facilitator');
		const data = await request.formData();
		const r = await formCommand(data, () =>
			removePartner(getDb(), workspace.id, text(data, 'organisationId'))
		);
		return r.ok ? { success: 'Partner removed.' } : r.failure;
	}
};
