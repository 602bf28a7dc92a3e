import { actorOf } from '$lib/server/api';
import { currentContent } from '$lib/server/documents/content';
import { documentInWorkspace, mayOn } from '$lib/server/documents/queries';
import { getVersion, listVersions } from '$lib/server/documents/repository';
import { KIND_LABELS, STATUS_LABELS } from '$lib/server/documents/schemas';
import { discussion, mentionableFor, stampOf } from '$lib/server/comments/queries';
import { startRevision } from '$lib/server/decisions/adoption';
import { getDb } from '$lib/server/db';
import { panelOptions } from '$lib/server/checks/run';
import { formCommand } from '$lib/server/forms';
import { page } from '$lib/server/http/errors';
import { preloadsFor } from '$lib/server/http/preload';
import { drawBlocks, passagesOf } from '$lib/domain/render/annotate';
import type { Actions, PageServerLoadEvent } from './$types';

export const load = page(async ({ params, locals }: PageServerLoadEvent) => {
	const db = getDb();
	const actor = actorOf(locals);
	const { document, member } = await documentInWorkspace(actor, params.workspace, params.document);
	const decided = document.status === 'decided';
	const canWrite = mayOn(actor, 'document.edit', member, document) && !decided;
	// Editors get the live editor at once. Everyone else reads the text as the server draws it, block by block
	// with the threads and suggestions on it, and loads the editor only if they choose to suggest changes by
	// typing: a page light enough for a weak connection (docs/performance.md, "Weak connection").
	const light = !canWrite;
	const talk = await discussion(db, document, { userId: locals.user?.id ?? null, shape: light });
	// Comments area hook: the margin panel's threads, suggestions and consultation.
	const comments = {
		...talk,
		blocks: talk.blocks.map(({ node: _, ...b }) => b),
		userId: locals.user?.id ?? null,
		canComment: mayOn(actor, 'comment.create', member, document),
		canDecide: mayOn(actor, 'suggestion.decide', member, document) && !decided,
		mentionable: await mentionableFor(actor, member, document)
	};
	// The live editor and its toolbar load with the page's own files, not after them.
	if (locals.user && canWrite) locals.preload = preloadsFor(['live', 'edit']);
	const adopted = document.adoptedVersionId
		? await getVersion(db, document.id, document.adoptedVersionId)
		: undefined;
	return {
		comments,
		document,
		light,
		// The text as the editor shows it until it has started; for the light page, block by block with the
		// threads and suggestions drawn on it.
		html: light ? '' : (await currentContent(document.id)).html,
		drawn: light ? drawBlocks(talk.blocks, passagesOf(talk.threads, talk.suggestions)) : [],
		// What the light page was loaded with, to tell when the document has changed since.
		stamp: light ? stampOf(talk) : '',
		kindLabel: KIND_LABELS[document.kind],
		statuses: STATUS_LABELS,
		// A decided document is read-only until a facilitator starts a revision.
		canWrite,
		canNameVersion: mayOn(actor, 'document.nameVersion', member, document) && !decided,
		/** For the editor's Checks panel: the workspace's settings and this document's dismissals. */
		checkOptions: canWrite ? await panelOptions(db, document) : null,
		canRevise: mayOn(actor, 'document.revise', member, document) && decided,
		adopted: adopted ? { id: adopted.id, name: adopted.name, hash: adopted.hash } : null,
		versionCount: (await listVersions(db, document.id)).length
	};
});

export const actions: Actions = {
	revision: page(async ({ params, locals, request }) => {
		const actor = actorOf(locals);
		const { document } = await documentInWorkspace(actor, params.workspace, params.document);
		const r = await formCommand(
			await request.formData(),
			async () => await startRevision(getDb(), actor, document.id)
		);
		if (!r.ok) return r.failure;
		return { success: 'Revision started: the document is under review and can be edited again.' };
	})
};
