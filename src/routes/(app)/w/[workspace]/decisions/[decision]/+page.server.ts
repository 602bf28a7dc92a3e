import { error } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import { loadWorkspace, requireMember, requireRole } from '$lib/server/access';
import { formCommand, text, validateForm } from '$lib/server/forms';
import { listPartners } from '$lib/server/workspaces/partners';
import * as decisions from '$lib/server/decisions';
import * as actionsModule from '$lib/server/actions';
import type { ActionStatus } from '$lib/domain/register-record';
import type { Actions, PageServerLoad } from './$types';

const actor = (locals: App.Locals) => ({ user: locals.user, token: null });

async function decisionIn(workspaceId: string, id: string) {
	const d = await decisions.findDecision(getDb(), id);
	if (!d || d.workspaceId !== workspaceId) error(404, { message: 'Not found', code: 'not_found' });
	return d;
}

export const load: PageServerLoad = async ({ params, locals }) => {
	const db = getDb();
	const { workspace, member } = await loadWorkspace(db, actor(locals), params.workspace);
	const d = await decisionIn(workspace.id, params.decision);
	const dissents = await decisions.listDissents(db, d.id);
	const now = Date.now();
	const tookPart = new Set(await decisions.decisionOrganisationIds(db, d.id));
	return {
		decision: {
			id: d.id,
			title: d.title,
			outcome: d.outcome,
			method: d.method,
			decidedAt: d.decidedAt,
			decidedWhere: d.decidedWhere,
			dissentUntil: d.dissentUntil,
			supersededById: d.supersededById
		},
		dissents: dissents.map((x) => ({
			id: x.id,
			organisationName: x.organisationName,
			statement: x.statement
		})),
		actions: (
			await actionsModule.listActions(db, workspace.id, workspace.timeZone, { decisionId: d.id })
		).map((a) => ({
			id: a.id,
			ownerName: a.ownerName,
			description: a.description,
			dueDate: a.dueDate,
			status: a.status as ActionStatus,
			overdue: a.overdue
		})),
		isFacilitator: member?.role === 'facilitator',
		dissentOrgs:
			member && member.role !== 'observer' && d.dissentUntil !== null && now <= d.dissentUntil
				? (await listPartners(db, workspace.id))
						.filter(
							(p) =>
								tookPart.has(p.organisationId) &&
								!dissents.some((x) => x.organisationId === p.organisationId) &&
								(member.role === 'facilitator' || p.organisationId === member.organisationId)
						)
						.map((p) => ({ id: p.organisationId, name: p.name }))
				: [],
		partners:
			member?.role === 'facilitator'
				? (await listPartners(db, workspace.id)).map((p) => ({ id: p.organisationId, name: p.name }))
				: [],
		today: actionsModule.todayIn(workspace.timeZone)
	};
};

export const actions: Actions = {
	dissent: async ({ params, locals, request }) => {
		const db = getDb();
		const { workspace, member, actor: who } = await requireMember(db, actor(locals), params.workspace);
		const d = await decisionIn(workspace.id, params.decision);
		const data = await request.formData();
		const checked = validateForm(
			decisions.dissentInput,
			{ statement: text(data, 'statement'), organisationId: text(data, 'organisationId') || undefined },
			data
		);
		if (!checked.ok) return checked.failure;
		const r = await formCommand(
			data,
			async () => await decisions.addDissent(db, d.id, member, checked.data, who.user!.id)
		);
		if (!r.ok) return r.failure;
		return { success: 'Your dissenting statement has been added to the register.' };
	},
	action: async ({ params, locals, request }) => {
		const db = getDb();
		const { workspace, actor: who } = await requireRole(db, actor(locals), params.workspace, 'facilitator');
		const d = await decisionIn(workspace.id, params.decision);
		const data = await request.formData();
		const checked = validateForm(
			actionsModule.actionInput,
			{
				ownerOrganisationId: text(data, 'ownerOrganisationId'),
				description: text(data, 'description'),
				dueDate: text(data, 'dueDate'),
				decisionId: d.id
			},
			data
		);
		if (!checked.ok) return checked.failure;
		const r = await formCommand(
			data,
			async () =>
				await actionsModule.createAction(db, workspace.id, workspace.timeZone, checked.data, who.user!.id)
		);
		if (!r.ok) return r.failure;
		return { success: 'The action has been added to the register.' };
	}
};
