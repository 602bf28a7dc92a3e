/**
 * The 12-month review report (the MoU's review of its commitments): for a period, the decisions taken and
 * how each chamber voted, the actions and their status, and how many organisations took part by sector.
 * Built from the verified register, so every figure can be traced to a chain entry; the consultations of
 * the period are read by the caller (server/register/read.ts) and handed in.
 */
import { markdownLine } from './markdown.ts';
import { toCsv } from './csv.ts';
import { actionOverdue, project, type RegisterData } from './register-view.ts';
import { sectorLabel } from './labels.ts';

export type ReviewDecision = {
	id: string;
	seq: number;
	title: string;
	date: string;
	outcome: string;
	method: string;
	decidedWhere: string;
	superseded: boolean;
	dissents: number;
	chambers: {
		chamber: string;
		eligible: number;
		cast: number;
		for: number;
		against: number;
		abstain: number;
		support: string | null;
	}[];
	overall: string | null;
};

export type ReviewAction = {
	id: string;
	decision: string | null;
	owner: string;
	description: string;
	due: string;
	status: string;
	overdue: boolean;
	notes: number;
};

export type ReviewConsultation = {
	id: string;
	title: string;
	opened: string;
	closes: string;
	audience: string;
	responses: number;
	/** Organisations that responded, by sector ('none' for people answering for no organisation). */
	organisations: Record<string, number>;
};

export type ReviewData = {
	workspace: { id: string; slug: string; name: string };
	from: string;
	to: string;
	head: string;
	verified: boolean;
	entries: number;
	decisions: ReviewDecision[];
	actions: ReviewAction[];
	actionCounts: Record<string, number>;
	consultations: ReviewConsultation[];
	participation: {
		sector: string;
		organisations: number;
		ballots: number;
		dissents: number;
		consultationResponses: number;
	}[];
};

/** Decisions dated within [from, to] (calendar dates, inclusive) and the actions that belong to them or fall due in it. */
export function reviewData(
	data: RegisterData,
	/** Consultations open at any time in the period (an empty list where there are none to read). */
	consultations: ReviewConsultation[],
	from: string,
	to: string,
	today: string
): ReviewData {
	const { decisions, actions } = project(data.entries);
	const inPeriod = decisions.filter(
		(d) => d.decidedAt.slice(0, 10) >= from && d.decidedAt.slice(0, 10) <= to
	);
	const ids = new Set(inPeriod.map((d) => d.decision));
	const acts = actions.filter(
		(a) =>
			(a.decision && ids.has(a.decision)) ||
			(a.due >= from && a.due <= to) ||
			(a.createdAt.slice(0, 10) >= from && a.createdAt.slice(0, 10) <= to)
	);
	const orgsBySector = new Map<string, Set<string>>();
	const ballotsBySector = new Map<string, number>();
	const dissentsBySector = new Map<string, number>();
	const note = (m: Map<string, Set<string>>, sector: string, id: string) =>
		m.set(sector, (m.get(sector) ?? new Set()).add(id));
	for (const d of inPeriod) {
		for (const o of d.organisations) note(orgsBySector, o.sector, o.id);
		if (d.vote) {
			const sectors = new Map(d.vote.electorate.map((e) => [e.organisationId, e.sector]));
			for (const b of d.vote.ballots) {
				const s = sectors.get(b.organisationId) ?? 'unknown';
				note(orgsBySector, s, b.organisationId);
				ballotsBySector.set(s, (ballotsBySector.get(s) ?? 0) + 1);
			}
		}
		for (const x of d.dissents)
			dissentsBySector.set(x.organisation.sector, (dissentsBySector.get(x.organisation.sector) ?? 0) + 1);
	}
	const responsesBySector = new Map<string, number>();
	for (const c of consultations)
		for (const [sector, n] of Object.entries(c.organisations))
			responsesBySector.set(sector, (responsesBySector.get(sector) ?? 0) + n);
	const actionCounts: Record<string, number> = {
		planned: 0,
		in_progress: 0,
		done: 0,
		dropped: 0,
		overdue: 0
	};
	for (const a of acts) {
		actionCounts[a.status] = (actionCounts[a.status] ?? 0) + 1;
		if (actionOverdue(a, today)) actionCounts.overdue++;
	}
	return {
		workspace: { id: data.workspace.id, slug: data.workspace.slug, name: data.workspace.name },
		from,
		to,
		head: data.report.headText,
		verified: data.report.ok,
		entries: data.report.count,
		decisions: inPeriod.map((d) => ({
			id: d.decision,
			seq: d.seq,
			title: d.title,
			date: d.decidedAt.slice(0, 10),
			outcome: d.outcome,
			method: d.method,
			decidedWhere: d.decidedWhere,
			superseded: !!d.supersededBy,
			dissents: d.dissents.length,
			chambers: (d.vote?.result.chambers ?? []).map((c) => ({
				chamber: c.chamber,
				eligible: c.eligible,
				cast: c.cast,
				for: c.headcount.for,
				against: c.headcount.against,
				abstain: c.headcount.abstain,
				support: c.support?.fraction ?? null
			})),
			overall: d.vote?.result.overall?.fraction ?? null
		})),
		actions: acts.map((a) => ({
			id: a.action,
			decision: a.decision,
			owner: a.owner.name,
			description: a.description,
			due: a.due,
			status: a.status,
			overdue: actionOverdue(a, today),
			notes: a.notes.filter((n) => n.note).length
		})),
		actionCounts,
		consultations,
		participation: ['vcse', 'statutory'].map((sector) => ({
			sector,
			organisations: orgsBySector.get(sector)?.size ?? 0,
			ballots: ballotsBySector.get(sector) ?? 0,
			dissents: dissentsBySector.get(sector) ?? 0,
			consultationResponses: responsesBySector.get(sector) ?? 0
		}))
	};
}

const STATUS: Record<string, string> = {
	planned: 'Planned',
	in_progress: 'In progress',
	done: 'Done',
	dropped: 'Dropped'
};
const md = markdownLine;

export function reviewMarkdown(r: ReviewData): string {
	const lines = [
		`# Review of decisions and actions: ${md(r.workspace.name)}`,
		'',
		`Period: ${r.from} to ${r.to}. Register chain head \`${r.head}\`, ${r.verified ? 'verified' : 'NOT VERIFIED'}: ${r.entries} entries.`,
		'',
		`## Decisions (${r.decisions.length})`,
		''
	];
	if (!r.decisions.length) lines.push('No decisions in this period.', '');
	for (const d of r.decisions) {
		lines.push(
			`### ${md(d.title)}`,
			'',
			`${d.date} · ${d.outcome} by ${d.method} · ${md(d.decidedWhere)}${d.superseded ? ' · superseded by a correction' : ''} · ${d.dissents} dissenting statement(s) · register entry ${d.seq}`,
			''
		);
		if (d.chambers.length) {
			lines.push(
				'| Chamber | Voted / eligible | For | Against | Abstain | Weighted support |',
				'| --- | --- | --- | --- | --- | --- |'
			);
			for (const c of d.chambers)
				lines.push(
					`| ${sectorLabel(c.chamber)} | ${c.cast} / ${c.eligible} | ${c.for} | ${c.against} | ${c.abstain} | ${c.support ?? '—'} |`
				);
			lines.push('', `Overall weighted support: ${d.overall ?? 'no figure'}.`, '');
		}
	}
	lines.push(
		`## Actions (${r.actions.length})`,
		'',
		`Planned ${r.actionCounts.planned}, in progress ${r.actionCounts.in_progress}, done ${r.actionCounts.done}, dropped ${r.actionCounts.dropped}; overdue ${r.actionCounts.overdue}.`,
		''
	);
	if (r.actions.length) {
		lines.push('| Owner | Action | Due | Status | Progress notes |', '| --- | --- | --- | --- | --- |');
		for (const a of r.actions)
			lines.push(
				`| ${md(a.owner)} | ${md(a.description)} | ${a.due} | ${STATUS[a.status] ?? a.status}${a.overdue ? ' (overdue)' : ''} | ${a.notes} |`
			);
		lines.push('');
	}
	lines.push(`## Consultations (${r.consultations.length})`, '');
	if (!r.consultations.length) lines.push('No consultation was open in this period.', '');
	else {
		lines.push(
			'| Consultation | Open | Responses | VCSE organisations | Statutory organisations |',
			'| --- | --- | --- | --- | --- |'
		);
		for (const c of r.consultations)
			lines.push(
				`| ${md(c.title)} | ${c.opened} to ${c.closes} | ${c.responses} | ${c.organisations.vcse ?? 0} | ${c.organisations.statutory ?? 0} |`
			);
		lines.push('');
	}
	lines.push(
		'## Participation by sector',
		'',
		'| Sector | Organisations taking part in decisions | Ballots cast | Dissenting statements | Organisations responding to consultations |',
		'| --- | --- | --- | --- | --- |'
	);
	for (const p of r.participation)
		lines.push(
			`| ${sectorLabel(p.sector)} | ${p.organisations} | ${p.ballots} | ${p.dissents} | ${p.consultationResponses} |`
		);
	lines.push('');
	return lines.join('\n');
}

/** One row per decision and chamber, per consultation and sector, then one per action: a flat file for a spreadsheet. */
/** How many columns the review's CSV has. */
export const REVIEW_COLUMNS = 15;

export function reviewCsv(r: ReviewData): string {
	const header = [
		'section',
		'id',
		'title_or_description',
		'date_or_due',
		'outcome_or_status',
		'method_or_owner',
		'chamber',
		'voted_or_responding',
		'eligible',
		'for',
		'against',
		'abstain',
		'support',
		'overdue',
		'chain_head'
	];
	if (header.length !== REVIEW_COLUMNS) throw new Error('REVIEW_COLUMNS is out of step with the header');
	// Six columns say what the row is, seven hold figures, then whether it is overdue and the chain head.
	const none = ['', '', '', '', '', '', ''];
	const row = (what: unknown[], figures: unknown[] = none, overdue = '') => [
		...what,
		...figures,
		overdue,
		r.head
	];
	const rows: unknown[][] = [];
	for (const d of r.decisions) {
		const what = ['decision', d.id, d.title, d.date, d.outcome, d.method];
		if (!d.chambers.length) rows.push(row(what));
		for (const c of d.chambers)
			rows.push(row(what, [c.chamber, c.cast, c.eligible, c.for, c.against, c.abstain, c.support ?? '']));
	}
	for (const c of r.consultations)
		for (const [sector, orgs] of Object.entries(c.organisations))
			rows.push(
				row(
					['consultation', c.id, c.title, `${c.opened}/${c.closes}`, c.audience, ''],
					[sector, orgs, '', '', '', '', `${c.responses} responses`]
				)
			);
	for (const a of r.actions)
		rows.push(row(['action', a.id, a.description, a.due, a.status, a.owner], none, String(a.overdue)));
	return toCsv(header, rows);
}
