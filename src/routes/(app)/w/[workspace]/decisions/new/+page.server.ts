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
import { formatDateTime, utcToZonedInput } from '$lib/domain/time';
import { meetingForDecision } from '$lib/server/meetings/queries';
import type { Actions, PageServerLoad, PageServerLoadEvent } from './$types';

export const load: PageServerLoad = page(async ({ params, locals, url }: PageServerLoadEvent) => {
	const db = getDb();
	const actor = actorOf(locals);
	const { workspace, member } = await loadWorkspace(db, actor, params.workspace);
	authorize(actor, 'decision.publish', member, workspace);
	// Made at a meeting (?meeting=): its time and place, and those recorded present, are proposed.
	const at = url.searchParams.get('meeting')
		? await meetingForDecision(db, url.searchParams.get('meeting')!, workspace.id)
		: undefined;
	const m = at?.meeting;
	return {
		meeting: m ? { id: m.id, title: m.title, startsAt: m.startsAt } : null,
		presentOrganisations: [...new Set(at?.present.flatMap((p) => p.organisationId ?? []) ?? [])],
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
			decidedAt: utcToZonedInput(m ? m.startsAt : Date.now(), workspace.timeZone),
			decidedWhere: m
				? [m.title, formatDateTime(m.startsAt, workspace.timeZone), m.place].filter(Boolean).join(', ')
				: '',
			meetingId: m?.id ?? '',
			attendees: at?.present.map((p) => p.name).join('\n') ?? '',
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
