// The 12-month review as a Word or PDF file, beside its Markdown and CSV: the same figures (the review job's
// ReviewData) as blocks for the document writers. The cover's hash is the register's chain head.
import { getDb } from '../db/index.ts';
import type { Actor } from '../access.ts';
import type { DocNode } from '../../domain/render/nodes.ts';
import type { ReviewData } from '../../domain/register-review.ts';
import { sectorLabel } from '../../domain/labels.ts';
import { ACTION_STATUS_LABELS } from '../../domain/register-record.ts';
import { todayIn } from '../../domain/action-dates.ts';
import { formatDate } from '../../domain/time.ts';
import { fileResponse } from '../documents/export/download.ts';
import type { FileFormat } from '../documents/export/sheet.ts';
import * as jobs from './jobs.ts';
import { readAccess } from './queries.ts';
import { reviewQuarters, reviewRange } from './downloads.ts';
import { NO_PAYMENTS, PAYMENTS_HEADING, paymentsTable } from '../../domain/review-payments.ts';

const p = (t: string): DocNode =>
	t ? { type: 'paragraph', content: [{ type: 'text', text: t }] } : { type: 'paragraph' };
const h = (level: number, t: string): DocNode => ({
	type: 'heading',
	attrs: { level },
	content: [{ type: 'text', text: t }]
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

/** The review's blocks, in the order of its Markdown. */
export function reviewBlocks(r: ReviewData): DocNode[] {
	const out: DocNode[] = [
		h(1, `Review of decisions and actions: ${r.workspace.name}`),
		p(
			`Period: ${r.from} to ${r.to}. Register chain head ${r.head}, ${r.verified ? 'verified' : 'NOT VERIFIED'}: ${r.entries} entries.`
		),
		h(2, `Decisions (${r.decisions.length})`)
	];
	if (!r.decisions.length) out.push(p('No decisions in this period.'));
	for (const d of r.decisions) {
		out.push(
			h(3, d.title),
			p(
				`${d.date} · ${d.outcome} by ${d.method} · ${d.decidedWhere}${d.superseded ? ' · superseded by a correction' : ''} · ${d.dissents} dissenting statement(s) · register entry ${d.seq}`
			)
		);
		if (d.chambers.length)
			out.push(
				table(
					['Chamber', 'Voted / eligible', 'For', 'Against', 'Abstain', 'Weighted support'],
					d.chambers.map((c) => [
						sectorLabel(c.chamber),
						`${c.cast} / ${c.eligible}`,
						String(c.for),
						String(c.against),
						String(c.abstain),
						c.support ?? '—'
					])
				),
				p(`Overall weighted support: ${d.overall ?? 'no figure'}.`)
			);
	}
	const n = r.actionCounts;
	out.push(
		h(2, `Actions (${r.actions.length})`),
		p(
			`Planned ${n.planned}, in progress ${n.in_progress}, done ${n.done}, dropped ${n.dropped}; overdue ${n.overdue}.`
		)
	);
	if (r.actions.length)
		out.push(
			table(
				['Owner', 'Action', 'Due', 'Status', 'Progress notes'],
				r.actions.map((a) => [
					a.owner,
					a.description,
					a.due,
					(ACTION_STATUS_LABELS[a.status as keyof typeof ACTION_STATUS_LABELS] ?? a.status) +
						(a.overdue ? ' (overdue)' : ''),
					String(a.notes)
				])
			)
		);
	out.push(h(2, `Consultations (${r.consultations.length})`));
	out.push(
		r.consultations.length
			? table(
					['Consultation', 'Open', 'Responses', 'VCSE organisations', 'Statutory organisations'],
					r.consultations.map((c) => [
						c.title,
						`${c.opened} to ${c.closes}`,
						String(c.responses),
						String(c.organisations.vcse ?? 0),
						String(c.organisations.statutory ?? 0)
					])
				)
			: p('No consultation was open in this period.')
	);
	out.push(
		h(2, 'Participation by sector'),
		table(
			[
				'Sector',
				'Organisations taking part in decisions',
				'Ballots cast',
				'Dissenting statements',
				'Organisations responding to consultations'
			],
			r.participation.map((x) => [
				sectorLabel(x.sector),
				String(x.organisations),
				String(x.ballots),
				String(x.dissents),
				String(x.consultationResponses)
			])
		)
	);
	return out;
}

/** The review of the period the address asks for (the last 12 months by default), as a file. */
export async function reviewFile(
	actor: Actor,
	request: { workspace: string; ip: string; url: URL },
	format: FileFormat
): Promise<Response> {
	const { workspace: ws } = await readAccess(actor, request.workspace);
	const range = reviewRange(request.url.searchParams, ws.timeZone);
	await jobs.rateLimit(request.ip);
	const review = await jobs.run<ReviewData>(getDb(), {
		kind: 'review',
		workspaceId: ws.id,
		today: todayIn(ws.timeZone),
		...range
	});
	const head = /[0-9a-f]{64}/.exec(review.head)?.[0] ?? review.head;
	// The ledger's figures, as in the Markdown.
	const quarters = await reviewQuarters(actor, ws.id, range);
	const payments = paymentsTable(quarters);
	const blocks = [
		...reviewBlocks(review),
		h(2, PAYMENTS_HEADING),
		quarters.length ? table(payments.header, payments.rows) : p(NO_PAYMENTS)
	];
	return await fileResponse(format, blocks, {
		partnership: ws.name,
		title: `12-month review: ${ws.name}`,
		kind: 'Review of decisions and actions',
		status: review.verified ? 'Register verified' : 'Register NOT verified',
		version: `${range.from} to ${range.to}`,
		date: formatDate(Date.now(), ws.timeZone),
		hash: head,
		lang: 'en-GB',
		extra: [['Register chain head', review.head]]
	});
}
