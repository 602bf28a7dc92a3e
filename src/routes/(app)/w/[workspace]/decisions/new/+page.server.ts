import { redirect } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import { actorOf } from '$lib/server/api';
import { loadWorkspace } from '$lib/server/access';
import { authorize } from '$lib/server/policy';
import { formCommand, validateForm } from '$lib/server/forms';
import { page } from '$lib/server/http/errors';
import { listPartners } from '$lib/server/workspaces/partners';
import { documentChoices } from '$lib/server/votes/repository';
import { readPublishForm } from '$lib/server/decisions/forms';
import { publishInput } from '$lib/server/decisions/schemas';
import { publishDecision } from '$lib/server/decisions/commands';
import * as decisions from '$lib/server/decisions/queries';
import { todayIn } from '$lib/domain/action-dates';
import { utcToZonedInput } from '$lib/domain/time';
import type { Actions, PageServerLoad, PageServerLoadEvent } from './$types';

export const load: PageServerLoad = page(async ({ params, locals, url }: PageServerLoadEvent) => {
	const db = getDb();
	const actor = actorOf(locals);
	const { workspace, member } = await loadWorkspace(db, actor, params.workspace);
	authorize(actor, 'decision.publish', member, workspace);
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
});

export const actions: Actions = {
	default: async ({ params, locals, request }) => {
		const data = await request.formData();
		const checked = validateForm(publishInput, readPublishForm(data), data);
		if (!checked.ok) return checked.failure;
		const r = await formCommand(data, () => publishDecision(actorOf(locals), params.workspace, checked.data));
		if (!r.ok) return r.failure;
		redirect(303, `/w/${params.workspace}/decisions/${r.value.id}`);
	}
};
