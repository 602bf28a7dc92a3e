import { error } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import { documentFor } from '$lib/server/documents/queries';
import { page, rethrowAsHttp } from '$lib/server/http/errors';
import { actorOf } from '$lib/server/api';
import * as consultations from '$lib/server/consultations';
import type { Actions, PageServerLoadEvent, RequestEvent } from './$types';

async function access(event: Pick<RequestEvent, 'params' | 'locals'>, min: 'member' | 'facilitator') {
	const db = getDb();
	const c = await consultations.getConsultation(db, event.params.consultation);
	if (!c) error(404, { message: 'Not found', code: 'not_found' });
	const a = await documentFor(
		actorOf(event.locals),
		c.documentId,
		min === 'facilitator' ? 'document.consult' : 'read'
	).catch(rethrowAsHttp);
	if (a.workspace.slug !== event.params.workspace && a.workspace.id !== event.params.workspace)
		error(404, { message: 'Not found', code: 'not_found' });
	return { db, c, ...a };
}

export const load = page(async ({ params, locals }: PageServerLoadEvent) => {
	const { db, c, document, member } = await access({ params, locals }, 'member');
	const { groups, items } = await consultations.summary(db, c);
	const facilitator = member.role === 'facilitator';
	return {
		consultation: {
			id: c.id,
			title: c.title,
			audience: c.audience,
			questions: c.questions,
			contentHash: c.contentHash,
			openedAt: c.openedAt,
			closesAt: c.closesAt,
			open: consultations.isOpen(c),
			responded: await consultations.respondedCounts(db, c)
		},
		document: { id: document.id, title: document.title },
		groups,
		total: items.length,
		facilitator,
		links: facilitator ? await consultations.listLinks(db, c.id) : []
	};
});

export const actions: Actions = {
	newLink: page(async (event: RequestEvent) => {
		const { db, c } = await access(event, 'facilitator');
		try {
			const token = await consultations.createLink(db, c, event.locals.user!.id);
			return { success: 'A new public link was made.', link: `${event.url.origin}/consult/${token}` };
		} catch (e) {
			return { message: (e as { body?: { message: string } }).body?.message ?? 'Could not make a link.' };
		}
	}),
	revoke: page(async (event: RequestEvent) => {
		const { db, c } = await access(event, 'facilitator');
		const data = await event.request.formData();
		await consultations.revokeLink(db, c.id, String(data.get('linkId') ?? ''));
		return { success: 'The link was withdrawn; it grants nothing from now on.' };
	})
};
