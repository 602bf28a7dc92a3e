import { desc, eq } from 'drizzle-orm';
import { getDb } from '$lib/server/db';
import { documents } from '$lib/server/db/schema';
import { requireMember } from '$lib/server/access';
import { documentFor } from '$lib/server/documents/queries';
import { page, rethrowAsHttp } from '$lib/server/http/errors';
import { actorOf } from '$lib/server/api';
import * as consultations from '$lib/server/consultations';
import { formFailure } from '$lib/server/forms';
import { isHttpError } from '@sveltejs/kit';
import type { Actions, PageServerLoadEvent, RequestEvent } from './$types';

export const load = page(async ({ params, locals }: PageServerLoadEvent) => {
	const db = getDb();
	const { workspace, member } = await requireMember(db, actorOf(locals), params.workspace);
	const list = await Promise.all(
		(await consultations.workspaceConsultations(db, workspace.id)).map(async ({ c, documentTitle }) => ({
			id: c.id,
			title: c.title,
			documentId: c.documentId,
			documentTitle,
			audience: c.audience,
			openedAt: c.openedAt,
			closesAt: c.closesAt,
			open: consultations.isOpen(c),
			responded: await consultations.respondedCounts(db, c)
		}))
	);
	const facilitator = member.role === 'facilitator';
	return {
		consultations: list,
		facilitator,
		documents: facilitator
			? await db
					.select({ id: documents.id, title: documents.title })
					.from(documents)
					.where(eq(documents.workspaceId, workspace.id))
					.orderBy(desc(documents.updatedAt))
			: []
	};
});

export const actions: Actions = {
	open: page(async ({ params, locals, request, url }: RequestEvent) => {
		const db = getDb();
		const data = await request.formData();
		const { document } = await documentFor(
			actorOf(locals),
			String(data.get('documentId') ?? ''),
			'document.consult'
		).catch(rethrowAsHttp);
		const { workspace } = await requireMember(db, actorOf(locals), params.workspace);
		if (document.workspaceId !== workspace.id)
			return formFailure(400, 'Choose a document of this workspace.', data, {
				documentId: 'Choose a document.'
			});
		const parsed = consultations.openInput.safeParse({
			title: String(data.get('title') ?? ''),
			closesAt: String(data.get('closesAt') ?? ''),
			audience: String(data.get('audience') ?? ''),
			questions: [String(data.get('question1') ?? ''), String(data.get('question2') ?? '')]
		});
		if (!parsed.success) {
			const errors: Record<string, string> = {};
			for (const i of parsed.error.issues) {
				const key = i.path[0] === 'questions' ? 'question1' : String(i.path[0]);
				errors[key] ??= i.message;
			}
			return formFailure(400, 'Please correct the highlighted fields.', data, errors);
		}
		try {
			const { consultation, linkToken } = await consultations.openConsultation(
				db,
				document,
				locals.user!.id,
				parsed.data
			);
			return {
				success: `The consultation “${consultation.title}” is open.`,
				consultationId: consultation.id,
				link: linkToken ? `${url.origin}/consult/${linkToken}` : null
			};
		} catch (e) {
			if (isHttpError(e) && (e.status === 409 || e.status === 422))
				return formFailure(
					e.status,
					e.body.message.replace(/^closesAt: /, ''),
					data,
					e.status === 422 ? { closesAt: e.body.message.replace(/^closesAt: /, '') } : {}
				);
			throw e;
		}
	})
};
