import { page } from '$lib/server/http/errors';
import { actorOf } from '$lib/server/api';
import * as commands from '$lib/server/workspaces/commands';
import { membersPage } from '$lib/server/workspaces/queries';
import { memberPatch } from '$lib/server/workspaces/schemas';
import { invitationInput } from '$lib/server/workspaces/invitations';
import { checkbox, formCommand, text, validateForm } from '$lib/server/forms';
import type { Actions, PageServerLoadEvent } from './$types';

export const load = page(
	async ({ params, locals }: PageServerLoadEvent) => await membersPage(actorOf(locals), params.workspace)
);

export const actions: Actions = {
	update: async ({ params, locals, request }) => {
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
		const r = await formCommand(data, () =>
			commands.changeMember(actorOf(locals), params.workspace, userId, v.data)
		);
		return r.ok ? { success: `Saved changes for ${r.value.name}.` } : r.failure;
	},
	remove: async ({ params, locals, request }) => {
		const data = await request.formData();
		const r = await formCommand(data, () =>
			commands.removeMember(actorOf(locals), params.workspace, text(data, 'userId'))
		);
		return r.ok ? { success: 'Member removed.' } : r.failure;
	},
	invite: async ({ params, locals, request, url }) => {
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
		const r = await formCommand(data, () => commands.invite(actorOf(locals), params.workspace, v.data));
		if (!r.ok) return r.failure;
		return {
			success: r.value.emailed
				? `Invitation created and emailed to ${v.data.email}. You can also pass on this link yourself; it works once.`
				: `Invitation created for ${v.data.email}, who has asked not to get email from Parity: send them this link yourself; it works once.`,
			inviteLink: `${url.origin}/invite/${r.value.token}`
		};
	},
	revoke: async ({ params, locals, request }) => {
		const data = await request.formData();
		const r = await formCommand(data, () =>
			commands.revokeInvitation(actorOf(locals), text(data, 'id'), params.workspace)
		);
		return r.ok ? { success: `The invitation for ${r.value.email} was withdrawn.` } : r.failure;
	}
};
