import { z } from 'zod';
import { actorOf } from '$lib/server/api';
import { getDb } from '$lib/server/db';
import { documentInWorkspace, mayOn } from '$lib/server/documents/queries';
import * as commands from '$lib/server/comments/commands';
import { field, suggestionFromForm, threadFromForm } from '$lib/server/comments/form-input';
import { discussion, mentionableFor } from '$lib/server/comments/queries';
import { THREAD_FILTERS } from '$lib/server/comments/schemas';
import { respond } from '$lib/server/consultations/commands';
import { readAnswersForm } from '$lib/server/consultations/form';
import { formCommand, succeeded } from '$lib/server/forms';
import { page } from '$lib/server/http/errors';
import { may } from '$lib/server/policy';
import { documentChecks } from '$lib/server/checks/queries';
import { dismissFinding, restoreFinding } from '$lib/server/checks/commands';
import type { Actions, PageServerLoadEvent, RequestEvent } from './$types';

export const load = page(async (event: PageServerLoadEvent) => {
	const actor = actorOf(event.locals);
	const { document, member, workspace } = await documentInWorkspace(
		actor,
		event.params.workspace,
		event.params.document
	);
	const userId = actor.user!.id;
	const filter = z
		.enum(THREAD_FILTERS)
		.catch('all')
		.parse(event.url.searchParams.get('filter') ?? 'all');
	const d = await discussion(getDb(), document, { userId, filter, shape: true });
	// The drafting checks, computed here so that the page shows them without JavaScript; each finding links to
	// the block its passage (or section) starts in.
	const checks = await documentChecks(actor, document.id);
	const blockAt = (offset: number) => d.blocks.findLast((b) => b.from <= offset)?.index ?? null;
	return {
		checks: {
			...checks,
			findings: checks.findings.map((f) => ({
				...f,
				block: f.passage ? blockAt(f.passage.from) : f.section ? blockAt(f.section.from) : null
			}))
		},
		document: { id: document.id, title: document.title, status: document.status },
		...d,
		filter,
		zone: workspace.timeZone,
		userId,
		canComment: mayOn(actor, 'comment.create', member, document),
		canDecide: mayOn(actor, 'suggestion.decide', member, document),
		canDismiss: mayOn(actor, 'checks.dismiss', member, document),
		facilitator: may(actor, 'consultation.open', member, document),
		mentionable: await mentionableFor(actor, member, document)
	};
});

/**
 * A form action that calls a command for the document in the address: refusals about the input or the state
 * come back beside the form, access refusals render the error page. A success is shown beside the form too,
 * unless what the form was on leaves its place (a decided suggestion goes to "Decided", a deleted comment's
 * form goes): `moves`.
 */
function action(
	success: string,
	run: (actor: ReturnType<typeof actorOf>, documentId: string, data: FormData) => Promise<unknown>,
	moves = false
) {
	return page(async (event: RequestEvent) => {
		const actor = actorOf(event.locals);
		const { document } = await documentInWorkspace(actor, event.params.workspace, event.params.document);
		const data = await event.request.formData();
		const r = await formCommand(data, () => run(actor, document.id, data));
		if (!r.ok) return r.failure;
		return moves ? { success } : succeeded(success, data);
	});
}

export const actions: Actions = {
	dismiss: action(
		'The finding is dismissed: members see the reason, and it holds while its text is unchanged.',
		(actor, id, data) =>
			dismissFinding(actor, id, { key: field(data, 'key'), reason: field(data, 'reason') }),
		true
	),
	restore: action(
		'The dismissal is taken back: the finding counts again.',
		(actor, id, data) => restoreFinding(actor, id, field(data, 'key')),
		true
	),
	comment: action('Your comment was added.', (actor, id, data) =>
		commands.openThread(actor, id, threadFromForm(data))
	),
	reply: action('Your reply was added.', (actor, id, data) =>
		commands.reply(actor, field(data, 'threadId'), { body: field(data, 'body') }, id)
	),
	resolve: action('The thread is resolved.', (actor, id, data) =>
		commands.setThreadStatus(actor, field(data, 'threadId'), 'resolved', id)
	),
	reopen: action('The thread is open again.', (actor, id, data) =>
		commands.setThreadStatus(actor, field(data, 'threadId'), 'open', id)
	),
	edit: action('Your comment was changed; the earlier wording is kept.', (actor, id, data) =>
		commands.editComment(actor, field(data, 'commentId'), { body: field(data, 'body') }, id)
	),
	delete: action(
		'Your comment was deleted.',
		(actor, id, data) => commands.deleteComment(actor, field(data, 'commentId'), id),
		true
	),
	suggest: action('Your suggestion was added. An editor will accept or reject it.', async (actor, id, data) =>
		commands.suggest(actor, id, await suggestionFromForm(id, data))
	),
	accept: action(
		'The suggestion was accepted and applied to the document.',
		(actor, id, data) => commands.acceptSuggestion(actor, field(data, 'suggestionId'), id),
		true
	),
	reject: action(
		'The suggestion was rejected.',
		(actor, id, data) =>
			commands.rejectSuggestion(actor, field(data, 'suggestionId'), { reason: field(data, 'reason') }, id),
		true
	),
	respond: action('Your answers were recorded. Thank you.', (actor, id, data) =>
		respond(actor, field(data, 'consultationId'), readAnswersForm(data), { documentId: id })
	)
};
