import { error } from '@sveltejs/kit';
import { z } from 'zod';
import { getDb } from '$lib/server/db';
import { hasRole } from '$lib/server/access';
import * as comments from '$lib/server/comments';
import * as forms from '$lib/server/comment-forms';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

/** The document, if it belongs to the workspace in the address, and the member's role (404 otherwise). */
function access(event: Pick<RequestEvent, 'locals' | 'params'>, min: 'member' | 'commenter' | 'editor') {
	const db = getDb();
	const actor = { user: event.locals.user, token: null };
	const a = comments.documentAccess(db, actor, event.params.document, min);
	if (a.workspace.slug !== event.params.workspace && a.workspace.id !== event.params.workspace)
		error(404, { message: 'Not found', code: 'not_found' });
	const userId = event.locals.user!.id;
	const ctx: forms.Ctx = { db, document: a.document, author: { kind: 'user', userId }, userId };
	return { ...a, ctx };
}

export const load: PageServerLoad = async (event) => {
	const { document, member, workspace, ctx } = access(event, 'member');
	const filter = z
		.enum(comments.THREAD_FILTERS)
		.catch('all')
		.parse(event.url.searchParams.get('filter') ?? 'all');
	const d = await forms.discussion(ctx.db, document, { userId: ctx.userId, filter, shape: true });
	return {
		document: { id: document.id, title: document.title, status: document.status },
		...d,
		filter,
		zone: workspace.timeZone,
		userId: ctx.userId,
		canComment: hasRole(member, 'commenter'),
		canDecide: hasRole(member, 'editor'),
		facilitator: member.role === 'facilitator'
	};
};

export const actions: Actions = {
	comment: async (event) => forms.comment(access(event, 'commenter').ctx, await event.request.formData()),
	reply: async (event) => forms.reply(access(event, 'commenter').ctx, await event.request.formData()),
	resolve: async (event) =>
		forms.setStatus(access(event, 'commenter').ctx, await event.request.formData(), 'resolved'),
	reopen: async (event) =>
		forms.setStatus(access(event, 'commenter').ctx, await event.request.formData(), 'open'),
	edit: async (event) => forms.edit(access(event, 'commenter').ctx, await event.request.formData()),
	delete: async (event) => forms.remove(access(event, 'commenter').ctx, await event.request.formData()),
	suggest: async (event) => forms.suggest(access(event, 'commenter').ctx, await event.request.formData()),
	accept: async (event) => forms.accept(access(event, 'editor').ctx, await event.request.formData()),
	reject: async (event) => forms.reject(access(event, 'editor').ctx, await event.request.formData()),
	respond: async (event) => {
		const { ctx, member } = access(event, 'commenter');
		return forms.respond(ctx, await event.request.formData(), {
			userId: ctx.userId!,
			organisationId: member.organisationId
		});
	}
};
