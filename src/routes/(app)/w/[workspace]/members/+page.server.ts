import { error } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import { requireMember, requireRole } from '$lib/server/access';
import { listMembers, listPartners, memberPatch, removeMember, updateMember } from '$lib/server/workspaces';
import {
	createInvitation,
	getInvitation,
	invitationInput,
	listInvitations,
	revokeInvitation
} from '$lib/server/invitations';
import { checkbox, formCommand, text, validateForm } from '$lib/server/forms';
import { notifyAccessChanged } from '$lib/server/collab/registry';
import type { Actions, PageServerLoad } from './$types';

const actor = (locals: App.Locals) => ({ user: locals.user, token: null });

export const load: PageServerLoad = async ({ params, locals }) => {
	const { workspace, member } = await requireMember(getDb(), actor(locals), params.workspace);
	const db = getDb();
	const facilitator = member.role === 'facilitator';
	return {
		members: (await listMembers(db, workspace.id)).map((m) => ({ ...m, email: facilitator ? m.email : '' })),
		partners: (await listPartners(db, workspace.id)).map((p) => ({ id: p.organisationId, name: p.name })),
		invitations: facilitator ? await listInvitations(db, workspace.id) : []
	};
};

export const actions: Actions = {
	update: async ({ params, locals, request }) => {
		const { workspace } = await requireRole(getDb(), actor(locals), params.workspace, 'facilitator');
		const data = await request.formData();
		const userId = text(data, 'userId');
		const v = validateForm(
			memberPatch,
			{
				role: text(data, 'role'),
				organisationId: text(data, 'organisationId') || null,
				standing: text(data, 'standing'),
				votingDelegate: checkbox(data, 'votingDelegate')
			},
			data
		);
		if (!v.ok) return v.failure;
		const r = await formCommand(data, async () => await updateMember(getDb(), workspace.id, userId, v.data));
		if (!r.ok) return r.failure;
		notifyAccessChanged({ workspaceId: workspace.id, userId });
		return { success: `Saved changes for ${r.value.name}.` };
	},
	remove: async ({ params, locals, request }) => {
		const { workspace } = await requireRole(getDb(), actor(locals), params.workspace, 'facilitator');
		const data = await request.formData();
		const userId = text(data, 'userId');
		const r = await formCommand(data, async () => await removeMember(getDb(), workspace.id, userId));
		if (!r.ok) return r.failure;
		notifyAccessChanged({ workspaceId: workspace.id, userId });
		return { success: 'Member removed.' };
	},
	invite: async ({ params, locals, request, url }) => {
		const { workspace } = await requireRole(getDb(), actor(locals), params.workspace, 'facilitator');
		const data = await request.formData();
		const days = Number(text(data, 'expiresInDays') || 14);
		const v = validateForm(
			invitationInput,
			{
				email: text(data, 'email'),
				role: text(data, 'role'),
				organisationId: text(data, 'organisationId') || null,
				standing: text(data, 'standing') || 'participant',
				votingDelegate: checkbox(data, 'votingDelegate'),
				expiresInDays: Number.isFinite(days) ? days : 14
			},
			data
		);
		if (!v.ok) return v.failure;
		const r = await formCommand(
			data,
			async () => await createInvitation(getDb(), workspace.id, v.data, locals.user!.id)
		);
		if (!r.ok) return r.failure;
		return {
			success: r.value.emailed
				? `Invitation created and emailed to ${v.data.email}. You can also pass on this link yourself; it works once.`
				: `Invitation created for ${v.data.email}, who has asked not to get email from Parity: send them this link yourself; it works once.`,
			inviteLink: `${url.origin}/invite/${r.value.token}`
		};
	},
	revoke: async ({ params, locals, request }) => {
		const { workspace } = await requireRole(getDb(), actor(locals), params.workspace, 'facilitator');
		const data = await request.formData();
		const inv = await getInvitation(getDb(), text(data, 'id'));
		if (!inv || inv.workspaceId !== workspace.id) error(404, { message: 'Not found' });
		await revokeInvitation(getDb(), inv.id);
		return { success: `The invitation for ${inv.email} was withdrawn.` };
	}
};
