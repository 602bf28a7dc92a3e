import { redirect } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import { requireRole } from '$lib/server/access';
import { formCommand, validateForm } from '$lib/server/forms';
import { listPartners } from '$lib/server/workspaces/partners';
import { documentChoices } from '$lib/server/vote-forms';
import { readPublishForm } from '$lib/server/decision-forms';
import * as decisions from '$lib/server/decisions';
import { todayIn } from '$lib/server/actions';
import { utcToZonedInput } from '$lib/domain/time';
import type { Actions, PageServerLoad } from './$types';

const actor = (locals: App.Locals) => ({ user: locals.user, token: null });

export const load: PageServerLoad = async ({ params, locals, url }) => {
	const db = getDb();
	const { workspace } = await requireRole(db, actor(locals), params.workspace, 'facilitator');
	return {
		partners: (await listPartners(db, workspace.id)).map((p) => ({
			id: p.organisationId,
			name: p.name,
			sector: p.sector
		})),
		documents: await documentChoices(db, workspace.id),
		versions: await decisions.versionChoices(db, workspace.id),
		votes: (await decisions.publishableVotes(db, workspace.id)).filter((v) => v.status !== 'draft'),
		current: (await decisions.listDecisions(db, workspace.id))
			.filter((d) => !d.supersededById)
			.map((d) => ({ id: d.id, title: d.title })),
		today: todayIn(workspace.timeZone),
		defaults: {
			method: url.searchParams.get('vote') ? 'vote' : 'consensus',
			voteId: url.searchParams.get('vote') ?? '',
			supersedes: url.searchParams.get('supersedes') ?? '',
			decidedAt: utcToZonedInput(Date.now(), workspace.timeZone),
			dissentDays: '14'
		}
	};
};

export const actions: Actions = {
	default: async ({ params, locals, request }) => {
		const db = getDb();
		const { workspace, actor: who } = await requireRole(db, actor(locals), params.workspace, 'facilitator');
		const data = await request.formData();
		const checked = validateForm(decisions.publishInput, readPublishForm(data), data);
		if (!checked.ok) return checked.failure;
		const r = await formCommand(data, () =>
			decisions.publishDecision(db, workspace.id, checked.data, who.user!.id)
		);
		if (!r.ok) return r.failure;
		redirect(303, `/w/${workspace.slug}/decisions/${r.value.id}`);
	}
};
