import { redirect } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import { actorOf } from '$lib/server/api';
import { formCommand, formFailure } from '$lib/server/forms';
import { page } from '$lib/server/http/errors';
import * as documents from '$lib/server/documents/repository';
import * as reminders from '$lib/server/votes/reminders';
import { castBallot, closeVote, deleteVote, openVote } from '$lib/server/votes/commands';
import { reminderInput } from '$lib/server/votes/schemas';
import { voteFor, votePage } from '$lib/server/votes/queries';
import { versionSummary } from '$lib/server/checks/run';
import type { Actions, PageServerLoadEvent } from './$types';

export const load = page(async ({ params, locals }: PageServerLoadEvent) => {
	const db = getDb();
	const { workspace: _, vote, ...view } = await votePage(actorOf(locals), params.workspace, params.vote);
	const doc = vote.documentId ? await documents.getDocument(db, vote.documentId) : undefined;
	const pinned =
		doc && vote.documentVersionId
			? await documents.getVersion(db, doc.id, vote.documentVersionId)
			: undefined;
	return {
		/** The document put to the vote and the version pinned (named, or its text at the opening). */
		document: doc
			? {
					id: doc.id,
					title: doc.title,
					version: pinned ? { id: pinned.id, name: pinned.name, hash: pinned.hash } : null,
					/** The drafting checks on the text put to the vote, as its version kept them. */
					checks: pinned ? await versionSummary(db, doc.id, pinned.id) : null
				}
			: null,
		vote: {
			id: vote.id,
			question: vote.question,
			explanation: vote.explanation,
			status: vote.status,
			opensAt: vote.opensAt,
			closesAt: vote.closesAt,
			openedAt: vote.openedAt,
			closedAt: vote.closedAt,
			closedReason: vote.closedReason,
			rule: vote.rule,
			showRunningTotals: vote.showRunningTotals,
			documentId: vote.documentId
		},
		...view,
		/** Facilitators, while the vote is open: who has not voted, and their reminders. */
		notVoted:
			view.can.remind && vote.status === 'open'
				? (await reminders.waitingOrganisations(db, actorOf(locals), vote.id)).organisations
				: null
	};
});

/** The vote in the address (NotFound when it belongs to another workspace). */
async function voteId(locals: App.Locals, params: { workspace: string; vote: string }) {
	return (await voteFor(actorOf(locals), params.vote, params.workspace)).vote.id;
}

/** The ballot fields of a form (a browser sends a line break as CR LF but counts it as one character). */
function ballotFields(data: FormData, extra: Record<string, unknown> = {}) {
	return {
		choice: data.get('choice') ?? undefined,
		statement: String(data.get('statement') ?? '').replace(/\r\n/g, '\n'),
		...extra
	};
}

export const actions: Actions = {
	cast: async ({ params, locals, request }) => {
		const data = await request.formData();
		const r = await formCommand(
			data,
			async () =>
				await castBallot(actorOf(locals), await voteId(locals, params), ballotFields(data), {
					ownOrganisation: true
				})
		);
		if (!r.ok) return r.failure;
		return {
			success: r.value.created
				? 'Your organisation’s ballot is cast.'
				: 'Your organisation’s ballot is changed.'
		};
	},
	assisted: async ({ params, locals, request }) => {
		const data = await request.formData();
		const fields = ballotFields(data, {
			organisationId: String(data.get('organisationId') ?? ''),
			assisted: true
		});
		const r = await formCommand(
			data,
			async () => await castBallot(actorOf(locals), await voteId(locals, params), fields)
		);
		if (!r.ok) return r.failure;
		return { success: 'The assisted ballot is recorded.' };
	},
	remind: async ({ params, locals, request }) => {
		const { vote, workspace } = await voteFor(actorOf(locals), params.vote, params.workspace);
		const data = await request.formData();
		const organisationId = data.get('organisationId');
		const parsed = reminderInput.safeParse(
			typeof organisationId === 'string' ? { organisationIds: [organisationId] } : {}
		);
		if (!parsed.success) return formFailure(400, parsed.error.issues[0].message, data);
		const r = await formCommand(data, () =>
			reminders.sendReminders(getDb(), actorOf(locals), vote.id, parsed.data)
		);
		if (!r.ok) return r.failure;
		return { success: reminders.describeOutcome(r.value, workspace.timeZone) };
	},
	open: async ({ params, locals, request }) => {
		const data = await request.formData();
		const r = await formCommand(
			data,
			async () => await openVote(actorOf(locals), await voteId(locals, params))
		);
		if (!r.ok) return r.failure;
		return { success: 'The vote is open. The electorate, the weights and the rule are now fixed.' };
	},
	close: async ({ params, locals, request }) => {
		const data = await request.formData();
		const reason = String(data.get('reason') ?? '');
		const r = await formCommand(
			data,
			async () => await closeVote(actorOf(locals), await voteId(locals, params), { reason })
		);
		if (!r.ok) return r.failure;
		redirect(303, `/w/${params.workspace}/votes/${r.value.id}/result`);
	},
	delete: async ({ params, locals, request }) => {
		const data = await request.formData();
		const r = await formCommand(data, async () => {
			await deleteVote(actorOf(locals), await voteId(locals, params));
		});
		if (!r.ok) return r.failure;
		redirect(303, `/w/${params.workspace}/votes`);
	}
};
