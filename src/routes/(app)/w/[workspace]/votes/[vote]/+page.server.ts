import { error, redirect } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import { formCommand, formFailure } from '$lib/server/forms';
import * as votes from '$lib/server/votes';
import * as documents from '$lib/server/documents/repository';
import type { Actions, PageServerLoad } from './$types';

const actor = (locals: App.Locals) => ({ user: locals.user, token: null });

/** The vote, if it belongs to the workspace in the address (404 otherwise). */
async function voteAccess(locals: App.Locals, workspaceParam: string, voteId: string) {
	const access = await votes.loadVoteFor(getDb(), actor(locals), voteId);
	if (access.workspace.slug !== workspaceParam && access.workspace.id !== workspaceParam)
		error(404, { message: 'Not found', code: 'not_found' });
	return access;
}

/** The ballot fields of a form; a too-long statement or a missing organisation re-renders the form. */
function readBallot(data: FormData, fields: { organisationId: string; choice: string; assisted?: boolean }) {
	const parsed = votes.ballotInput.safeParse({
		...fields,
		// Browsers count a line break as one character towards maxlength but send it as CR LF.
		statement: String(data.get('statement') ?? '').replace(/\r\n/g, '\n')
	});
	if (parsed.success) return { ok: true as const, data: parsed.data };
	const errors: Record<string, string> = {};
	for (const issue of parsed.error.issues) errors[String(issue.path[0] ?? 'form')] ??= issue.message;
	return {
		ok: false as const,
		failure: formFailure(400, parsed.error.issues[0].message, data, errors)
	};
}

export const load: PageServerLoad = async ({ params, locals }) => {
	const db = getDb();
	const { vote, member } = await voteAccess(locals, params.workspace, params.vote);
	const ballots = await votes.listBallots(db, vote.id);
	const electorate = vote.electorate ?? [];
	const ownOrg = member.organisationId
		? electorate.find((e) => e.organisationId === member.organisationId)
		: undefined;
	const ownBallot = ownOrg ? ballots.find((b) => b.organisationId === ownOrg.organisationId) : undefined;
	const voted = new Set(ballots.map((b) => b.organisationId));
	const facilitator = member.role === 'facilitator';
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
					version: pinned ? { id: pinned.id, name: pinned.name, hash: pinned.hash } : null
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
		facilitator,
		canVote: !!ownOrg && member.votingDelegate && member.role !== 'observer',
		ownOrg: ownOrg ? { id: ownOrg.organisationId, name: ownOrg.name } : null,
		ownBallot: ownBallot
			? {
					choice: ownBallot.choice,
					statement: ownBallot.statement,
					castByName: ownBallot.castByName,
					assistedByName: ownBallot.assistedByName,
					at: ownBallot.updatedAt
				}
			: null,
		ownHistory: ownOrg ? await votes.listBallotChanges(db, vote.id, ownOrg.organisationId) : [],
		electorate: facilitator
			? electorate.map((e) => ({
					id: e.organisationId,
					name: e.name,
					sector: e.sector,
					voted: voted.has(e.organisationId)
				}))
			: [],
		electorateSize: electorate.length,
		tally: await votes.visibleTally(db, vote)
	};
};

export const actions: Actions = {
	cast: async ({ params, locals, request }) => {
		const { member, vote, actor: who } = await voteAccess(locals, params.workspace, params.vote);
		const data = await request.formData();
		const choice = data.get('choice');
		if (choice !== 'for' && choice !== 'against' && choice !== 'abstain')
			return formFailure(400, 'Choose for, against or abstain.', data, {
				choice: 'Choose for, against or abstain.'
			});
		const organisationId = member.organisationId ?? '';
		votes.mayCast(member, organisationId, false);
		const input = readBallot(data, { organisationId, choice });
		if (!input.ok) return input.failure;
		const r = await formCommand(
			data,
			async () => await votes.castBallot(getDb(), vote.id, input.data, who.user!.id)
		);
		if (!r.ok) return r.failure;
		return {
			success: r.value.created
				? 'Your organisation’s ballot is cast.'
				: 'Your organisation’s ballot is changed.'
		};
	},
	assisted: async ({ params, locals, request }) => {
		const { member, vote, actor: who } = await voteAccess(locals, params.workspace, params.vote);
		const data = await request.formData();
		const choice = data.get('choice');
		if (choice !== 'for' && choice !== 'against' && choice !== 'abstain')
			return formFailure(400, 'Choose for, against or abstain.', data, {
				choice: 'Choose for, against or abstain.'
			});
		const organisationId = String(data.get('organisationId') ?? '');
		votes.mayCast(member, organisationId, true);
		const input = readBallot(data, { organisationId, choice, assisted: true });
		if (!input.ok) return input.failure;
		const r = await formCommand(
			data,
			async () => await votes.castBallot(getDb(), vote.id, input.data, who.user!.id)
		);
		if (!r.ok) return r.failure;
		return { success: 'The assisted ballot is recorded.' };
	},
	open: async ({ params, locals, request }) => {
		const { member, vote } = await voteAccess(locals, params.workspace, params.vote);
		if (member.role !== 'facilitator')
			error(403, { message: 'Only facilitators can open a vote.', code: 'forbidden' });
		const data = await request.formData();
		const r = await formCommand(data, async () => await votes.openVote(getDb(), vote.id, Date.now(), true));
		if (!r.ok) return r.failure;
		return { success: 'The vote is open. The electorate, the weights and the rule are now fixed.' };
	},
	close: async ({ params, locals, request }) => {
		const { member, vote, actor: who } = await voteAccess(locals, params.workspace, params.vote);
		if (member.role !== 'facilitator')
			error(403, { message: 'Only facilitators can close a vote.', code: 'forbidden' });
		const data = await request.formData();
		const parsed = votes.closeInput.safeParse({ reason: String(data.get('reason') ?? '') });
		if (!parsed.success) {
			const message = parsed.error.issues[0].message;
			return formFailure(400, message, data, { reason: message });
		}
		const r = await formCommand(
			data,
			async () => await votes.closeVoteEarly(getDb(), vote.id, parsed.data.reason, who.user!.id)
		);
		if (!r.ok) return r.failure;
		redirect(303, `/w/${params.workspace}/votes/${vote.id}/result`);
	},
	delete: async ({ params, locals, request }) => {
		const { member, vote } = await voteAccess(locals, params.workspace, params.vote);
		if (member.role !== 'facilitator')
			error(403, { message: 'Only facilitators can delete a vote.', code: 'forbidden' });
		const data = await request.formData();
		const r = await formCommand(data, async () => await votes.deleteDraft(getDb(), vote.id));
		if (!r.ok) return r.failure;
		redirect(303, `/w/${params.workspace}/votes`);
	}
};
