import { getDb } from '$lib/server/db';
import { actorOf } from '$lib/server/api';
import { formCommand, validateForm } from '$lib/server/forms';
import { page } from '$lib/server/http/errors';
import { may } from '$lib/server/policy';
import { listPartners } from '$lib/server/workspaces/partners';
import { readActionForm, readDissentForm } from '$lib/server/decisions/forms';
import { actionInput, dissentInput } from '$lib/server/decisions/schemas';
import { addDissent, createAction } from '$lib/server/decisions/commands';
import * as decisions from '$lib/server/decisions/queries';
import { decisionOrganisationIds } from '$lib/server/decisions/repository';
import { decisionHeading } from '$lib/server/decisions/serialize';
import { versionSummary } from '$lib/server/checks/run';
import { todayIn } from '$lib/domain/action-dates';
import type { ActionStatus } from '$lib/domain/register-record';
import type { Actions, PageServerLoad, PageServerLoadEvent } from './$types';

export const load: PageServerLoad = page(async ({ params, locals }: PageServerLoadEvent) => {
	const db = getDb();
	const actor = actorOf(locals);
	const {
		workspace,
		member,
		decision: d
	} = await decisions.readDecision(actor, params.decision, params.workspace);
	const dissents = await decisions.listDissents(db, d.id);
	const now = Date.now();
	const tookPart = new Set(await decisionOrganisationIds(db, d.id));
	const mayAddActions = may(actor, 'action.create', member, workspace);
	const partners = await listPartners(db, workspace.id);
	return {
		decision: { ...decisionHeading(d), meetingId: d.meetingId, dissentUntil: d.dissentUntil },
		/** The drafting checks on the text decided on, as its version kept them. */
		checks: await versionSummary(db, d.documentId, d.documentVersionId),
		dissents: dissents.map((x) => ({
			id: x.id,
			organisationName: x.organisationName,
			statement: x.statement
		})),
		actions: (await decisions.listActions(db, workspace.id, workspace.timeZone, { decisionId: d.id })).map(
			(a) => ({
				id: a.id,
				ownerName: a.ownerName,
				description: a.description,
				dueDate: a.dueDate,
				status: a.status as ActionStatus,
				overdue: a.overdue
			})
		),
		isFacilitator: mayAddActions,
		dissentOrgs:
			d.dissentUntil !== null && now <= d.dissentUntil
				? partners
						.filter(
							(p) =>
								tookPart.has(p.organisationId) &&
								!dissents.some((x) => x.organisationId === p.organisationId) &&
								may(actor, 'decision.dissent', member, { organisationId: p.organisationId })
						)
						.map((p) => ({ id: p.organisationId, name: p.name }))
				: [],
		partners: mayAddActions ? partners.map((p) => ({ id: p.organisationId, name: p.name })) : [],
		today: todayIn(workspace.timeZone)
	};
});

export const actions: Actions = {
	dissent: async ({ params, locals, request }) => {
		const data = await request.formData();
		const checked = validateForm(dissentInput, readDissentForm(data), data);
		if (!checked.ok) return checked.failure;
		const r = await formCommand(data, () =>
			addDissent(actorOf(locals), params.decision, checked.data, params.workspace)
		);
		if (!r.ok) return r.failure;
		return { success: 'Your dissenting statement has been added to the register.' };
	},
	action: async ({ params, locals, request }) => {
		const actor = actorOf(locals);
		const data = await request.formData();
		const r0 = await formCommand(data, () =>
			decisions.readDecision(actor, params.decision, params.workspace)
		);
		if (!r0.ok) return r0.failure;
		const checked = validateForm(actionInput, readActionForm(data, params.decision), data);
		if (!checked.ok) return checked.failure;
		const r = await formCommand(data, () => createAction(actor, params.workspace, checked.data));
		if (!r.ok) return r.failure;
		return { success: 'The action has been added to the register.' };
	}
};
