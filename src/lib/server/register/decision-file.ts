// A decision record as a Word or PDF file, for a board to file: the question, the outcome, the plain-words
// explanation of the result and the tally, the ballots, dissent, declared conflicts, actions, the decided
// version's hash and the register entry's hash. Built as a document's blocks, so it is written by the same
// writers as documents (../documents/export) and reads the same view as the register page (decision-view.ts).
import type { Actor } from '../access.ts';
import type { DocNode } from '../../domain/render/nodes.ts';
import { explainResult, figurePercent } from '../../domain/result-words.ts';
import { SECTOR_LABELS } from '../../domain/labels.ts';
import { ACTION_STATUS_LABELS, DOCUMENT_KIND_LABELS, OUTCOME_LABELS } from '../../domain/register-record.ts';
import { formatDate, formatDateTime } from '../../domain/time.ts';
import { fileResponse } from '../documents/export/download.ts';
import type { CoverSheet, FileFormat } from '../documents/export/sheet.ts';
import { readAccess } from './queries.ts';
import * as jobs from './jobs.ts';
import { decisionView, type DecisionView } from './decision-view.ts';

const text = (t: string): DocNode => ({ type: 'text', text: t });
const bold = (t: string): DocNode => ({ type: 'text', text: t, marks: [{ type: 'bold' }] });
const p = (...content: (DocNode | string)[]): DocNode => {
	const nodes = content.map((c) => (typeof c === 'string' ? text(c) : c)).filter((n) => n.text);
	return nodes.length ? { type: 'paragraph', content: nodes } : { type: 'paragraph' };
};
const h = (level: number, t: string): DocNode => ({ type: 'heading', attrs: { level }, content: [text(t)] });
const ul = (items: string[]): DocNode => ({
	type: 'bulletList',
	content: items.map((i) => ({ type: 'listItem', content: [p(i)] }))
});
const table = (header: string[], rows: string[][]): DocNode => ({
	type: 'table',
	content: [
		{ type: 'tableRow', content: header.map((c) => ({ type: 'tableHeader', content: [p(c)] })) },
		...rows.map((r) => ({
			type: 'tableRow',
			content: r.map((c) => ({ type: 'tableCell', content: [p(c)] }))
		}))
	]
});

const CHOICES = { for: 'For', against: 'Against', abstain: 'Abstain' } as const;

/** The record's blocks, with dates in the workspace's time zone. */
export function decisionBlocks(view: DecisionView, zone: string): DocNode[] {
	const d = view.decision;
	const out: DocNode[] = [
		h(1, d.title),
		h(2, 'Question'),
		p(d.question),
		h(2, 'Outcome'),
		p(bold(OUTCOME_LABELS[d.outcome]), d.method === 'vote' ? ' by a weighted-equity vote' : ' by consensus'),
		p(bold('When: '), formatDateTime(d.decidedAt, zone)),
		p(bold('Where: '), d.decidedWhere || 'Not recorded'),
		p(
			bold(d.method === 'vote' ? 'Organisations that voted: ' : 'Organisations present: '),
			d.organisations.map((o) => `${o.name} (${SECTOR_LABELS[o.sector]})`).join(', ') || 'None recorded'
		)
	];
	if (d.rationale) out.push(h(2, 'Reasons'), ...d.rationale.split(/\n+/).map((line) => p(line)));
	if (d.supersedes) out.push(p(bold('A correction of: '), d.supersedes.title));
	if (d.supersededBy) out.push(p(bold('Superseded by the correction: '), d.supersededBy.title));

	if (view.vote) {
		const r = view.vote.result;
		out.push(h(2, 'The vote'), p(bold('Question put: '), view.vote.question));
		if (r) {
			out.push(h(3, 'Why it passed or failed, in plain words'), p(explainResult(r)), h(3, 'Tally'));
			out.push(
				table(
					['Chamber', 'Eligible', 'Voted', 'For', 'Against', 'Abstain', 'Support'],
					r.chambers.map((c) => [
						SECTOR_LABELS[c.chamber],
						String(c.eligible),
						String(c.cast),
						String(c.headcount.for),
						String(c.headcount.against),
						String(c.headcount.abstain),
						c.support ? figurePercent(c.support) : '—'
					])
				),
				p(
					bold('Overall support: '),
					r.overall ? figurePercent(r.overall) : 'none',
					`; needed more than ${figurePercent(r.threshold)}. `,
					`${r.headcount.cast} of ${r.headcount.eligible} organisations voted.`
				)
			);
		}
		out.push(h(3, 'Ballots'));
		out.push(
			view.vote.ballots.length
				? table(
						['Organisation', 'Choice', 'Statement', 'Cast'],
						view.vote.ballots.map((b) => [
							b.organisationName,
							CHOICES[b.choice] + (b.assisted ? ' (assisted)' : ''),
							b.statement || '—',
							formatDateTime(b.castAt, zone) +
								(b.castBy ? ` by ${b.castBy}` : b.redacted ? ' (name removed)' : '')
						])
					)
				: p('No ballots were cast.')
		);
		if (view.vote.governance)
			out.push(
				h(3, 'Changes to who votes'),
				view.vote.governance.length
					? ul(view.vote.governance.map((g) => `${g.summary}, ${g.when} (${formatDateTime(g.at, zone)})`))
					: p('None: no delegate, partner or rule changed while the vote was open.')
			);
	}

	out.push(h(2, 'Dissent'));
	out.push(
		view.dissents.length
			? ul(
					view.dissents.map(
						(x) =>
							`${x.organisationName}${x.author ? ` (${x.author})` : x.redacted ? ' (name removed)' : ''}, ${formatDate(x.createdAt, zone)}: ${x.statement}`
					)
				)
			: p('No dissent was recorded.')
	);
	out.push(h(2, 'Declared conflicts of interest'));
	const conflicts = d.conflicts.map((c) =>
		c
			? `${c.name}${c.organisation ? ` (${c.organisation})` : ''}${c.declaration ? `: ${c.declaration}` : ''}`
			: 'Name removed'
	);
	out.push(conflicts.length ? ul(conflicts) : p('None declared.'));
	out.push(h(2, 'Actions'));
	out.push(
		view.actions.length
			? table(
					['Action', 'Owner', 'Due', 'Status'],
					view.actions.map((a) => [
						a.description,
						a.ownerName ?? '—',
						a.dueDate ?? '—',
						ACTION_STATUS_LABELS[a.status as keyof typeof ACTION_STATUS_LABELS] +
							(a.overdue ? ' (overdue)' : '')
					])
				)
			: p('No actions.')
	);
	if (d.document) {
		out.push(
			h(2, 'Document decided'),
			p(
				bold('Document: '),
				`${d.document.title} (${DOCUMENT_KIND_LABELS[d.document.kind] ?? d.document.kind})`
			)
		);
		if (d.document.version)
			out.push(
				p(bold('Version: '), d.document.version.name || d.document.version.id),
				p(bold('SHA-256 of that version: '), d.document.version.hash)
			);
	}
	out.push(
		h(2, 'Register entry'),
		p(
			bold('Entry: '),
			`${d.seq}, recorded ${formatDateTime(Date.parse(d.at), zone)}${d.recordedBy ? ` by ${d.recordedBy}` : ''}`
		),
		p(bold('SHA-256 of the register entry: '), d.hash)
	);
	return out;
}

/** The cover sheet of a decision record: its register entry's hash is the hash on every page. */
export function decisionSheet(view: DecisionView, workspace: { name: string; timeZone: string }): CoverSheet {
	const d = view.decision;
	const version = d.document?.version;
	return {
		partnership: workspace.name,
		title: `Decision record: ${d.title}`,
		kind: 'Decision record',
		status: OUTCOME_LABELS[d.outcome],
		version: `Register entry ${d.seq}`,
		date: formatDate(d.decidedAt, workspace.timeZone),
		hash: d.hash,
		lang: 'en-GB',
		extra: version ? [['Decided version SHA-256', version.hash]] : []
	};
}

/** A decision record of a register the actor may read, as a file to download (rate-limited as the downloads are). */
export async function decisionFile(
	actor: Actor,
	request: { workspace: string; ip: string },
	decisionId: string,
	format: FileFormat
): Promise<Response> {
	const { workspace: ws } = await readAccess(actor, request.workspace);
	await jobs.rateLimit(request.ip);
	const view = await decisionView(actor, ws, decisionId);
	return await fileResponse(format, decisionBlocks(view, ws.timeZone), decisionSheet(view, ws));
}
