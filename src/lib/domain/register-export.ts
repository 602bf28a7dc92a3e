/**
 * The register's open-data files, built from the chain and the personal details beside it: JSON (the
 * verifiable export), CSV of decisions, ballots and actions, and the Atom feed. Pure functions on plain data,
 * so the register worker (server/register/worker.ts) can run them off the main thread.
 */
import { EXPORT_FORMAT, type ExportedPersonal, type PersonalPart } from './register-record.ts';
import { toCsv } from './csv.ts';
import { actionOverdue, project, type DecisionView, type RegisterData } from './register-view.ts';

function summary(d: DecisionView) {
	return {
		id: d.decision,
		seq: d.seq,
		title: d.title,
		outcome: d.outcome,
		method: d.method,
		decidedAt: d.decidedAt,
		decidedWhere: d.decidedWhere,
		document: d.document,
		supersedes: d.supersedes?.decision ?? null,
		supersededBy: d.supersededBy,
		dissents: d.dissents.length
	};
}

/** decisions.json: the whole chain, the personal details still held, and a summary of each decision. */
export function jsonExport(data: RegisterData, generatedAt: string) {
	const { decisions } = project(data.entries);
	return {
		format: EXPORT_FORMAT,
		workspace: { id: data.workspace.id, slug: data.workspace.slug, name: data.workspace.name },
		generatedAt,
		head: data.report.headText,
		verified: { ok: data.report.ok, entries: data.report.count, tallies: data.report.tallies },
		howToVerify: 'node scripts/verify-register.ts decisions.json [--head seq:hash] — see docs/register.md',
		decisions: decisions.map(summary),
		entries: data.entries,
		personal: data.personal
	};
}

export function decisionsCsv(data: RegisterData): string {
	const { decisions } = project(data.entries);
	const header = [
		'seq',
		'decision_id',
		'title',
		'question',
		'outcome',
		'method',
		'decided_at',
		'decided_where',
		'document_title',
		'document_kind',
		'document_version_hash',
		'rationale',
		'passes',
		'overall_support',
		'vcse_support',
		'statutory_support',
		'for',
		'against',
		'abstain',
		'organisations',
		'dissents',
		'supersedes',
		'superseded_by',
		'entry_hash',
		'chain_head'
	];
	const support = (d: DecisionView, c: string) =>
		d.vote?.result.chambers.find((x) => x.chamber === c)?.support?.fraction ?? '';
	const rows = decisions.map((d) => [
		d.seq,
		d.decision,
		d.title,
		d.question,
		d.outcome,
		d.method,
		d.decidedAt,
		d.decidedWhere,
		d.document?.title ?? '',
		d.document?.kind ?? '',
		d.document?.version?.hash ?? '',
		d.rationale,
		d.vote ? String(d.vote.result.passes) : '',
		d.vote?.result.overall?.fraction ?? '',
		support(d, 'vcse'),
		support(d, 'statutory'),
		d.vote?.result.headcount.for ?? '',
		d.vote?.result.headcount.against ?? '',
		d.vote?.result.headcount.abstain ?? '',
		d.organisations.map((o) => o.name).join('; '),
		d.dissents.length,
		d.supersedes?.decision ?? '',
		d.supersededBy ?? '',
		d.hash,
		data.report.headText
	]);
	return toCsv(header, rows);
}

function personName(
	personal: Map<string, PersonalPart>,
	digest: string | null,
	redacted: Set<string>
): string {
	if (!digest) return '';
	if (redacted.has(digest)) return '[redacted]';
	return personal.get(digest)?.name ?? '';
}

export function personalMap(parts: ExportedPersonal[]): Map<string, PersonalPart> {
	return new Map(parts.map((p) => [p.digest, p.data]));
}

export function ballotsCsv(data: RegisterData): string {
	const { decisions, redacted } = project(data.entries);
	const personal = personalMap(data.personal);
	const header = [
		'decision_id',
		'vote_id',
		'organisation_id',
		'organisation',
		'chamber',
		'grassroots',
		'by_and_for',
		'weight',
		'choice',
		'statement',
		'assisted',
		'cast_at',
		'cast_by',
		'chain_head'
	];
	const rows: unknown[][] = [];
	for (const d of decisions) {
		if (!d.vote) continue;
		const electorate = new Map(d.vote.electorate.map((e) => [e.organisationId, e]));
		for (const b of d.vote.ballots) {
			const e = electorate.get(b.organisationId);
			rows.push([
				d.decision,
				d.vote.id,
				b.organisationId,
				b.organisationName,
				e?.sector ?? '',
				e ? String(e.grassroots) : '',
				e ? String(e.byAndFor) : '',
				e?.weight ?? '',
				b.choice,
				b.statement,
				String(b.assisted),
				b.castAt,
				personName(personal, b.voter, redacted),
				data.report.headText
			]);
		}
	}
	return toCsv(header, rows);
}

export function actionsCsv(data: RegisterData, today: string): string {
	const { actions, decisions } = project(data.entries);
	const titles = new Map(decisions.map((d) => [d.decision, d.title]));
	const header = [
		'action_id',
		'decision_id',
		'decision',
		'owner_id',
		'owner',
		'description',
		'due_date',
		'status',
		'overdue',
		'latest_note',
		'created_at',
		'updated_at',
		'chain_head'
	];
	const rows = actions.map((a) => [
		a.action,
		a.decision ?? '',
		a.decision ? (titles.get(a.decision) ?? '') : '',
		a.owner.id,
		a.owner.name,
		a.description,
		a.due,
		a.status,
		String(actionOverdue(a, today)),
		[...a.notes].reverse().find((n) => n.note)?.note ?? '',
		a.createdAt,
		a.updatedAt,
		data.report.headText
	]);
	return toCsv(header, rows);
}

function xml(s: string): string {
	return s
		.replace(/&/g, '&amp;')
		.replace(/</g, '&lt;')
		.replace(/>/g, '&gt;')
		.replace(/"/g, '&quot;')
		.replace(/'/g, '&apos;')
		.replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '');
}

export const OUTCOME_WORDS: Record<string, string> = {
	approved: 'Approved',
	rejected: 'Rejected',
	deferred: 'Deferred'
};

/** The Atom feed (RFC 4287) of decisions, newest first. */
export function atomFeed(data: RegisterData, origin: string): string {
	const { decisions } = project(data.entries);
	const base = `${origin}/register/${encodeURIComponent(data.workspace.slug)}`;
	const updated = data.entries.at(-1)?.at ?? '1970-01-01T00:00:00.000Z';
	const items = [...decisions].reverse().map((d) => {
		const parts = [
			`${OUTCOME_WORDS[d.outcome] ?? d.outcome} (${d.method === 'vote' ? 'by vote' : 'by consensus'}), ${d.decidedWhere}.`,
			d.vote?.result.overall
				? `Overall weighted support ${d.vote.result.overall.display} (${d.vote.result.overall.fraction}).`
				: '',
			d.supersededBy ? 'This record has been superseded by a correction.' : '',
			`Rationale: ${d.rationale}`
		].filter(Boolean);
		return [
			'  <entry>',
			`    <id>${xml(`${base}/decisions/${d.decision}`)}</id>`,
			`    <title>${xml(d.title)}</title>`,
			`    <link rel="alternate" type="text/html" href="${xml(`${base}/decisions/${d.decision}`)}"/>`,
			`    <published>${d.at}</published>`,
			`    <updated>${d.at}</updated>`,
			`    <category term="${xml(d.outcome)}"/>`,
			`    <summary type="text">${xml(parts.join(' '))}</summary>`,
			'  </entry>'
		].join('\n');
	});
	return [
		'<?xml version="1.0" encoding="utf-8"?>',
		'<feed xmlns="http://www.w3.org/2005/Atom">',
		`  <id>${xml(base)}</id>`,
		`  <title>${xml(`Decisions of ${data.workspace.name}`)}</title>`,
		`  <subtitle>${xml(`Chain head ${data.report.headText} · verified: ${data.report.count} entries${data.report.ok ? '' : ' · VERIFICATION FAILED'}`)}</subtitle>`,
		`  <updated>${updated}</updated>`,
		`  <author><name>${xml(data.workspace.name)}</name></author>`,
		`  <link rel="self" type="application/atom+xml" href="${xml(`${base}/feed.atom`)}"/>`,
		`  <link rel="alternate" type="text/html" href="${xml(base)}"/>`,
		'  <generator>Parity</generator>',
		...items,
		'</feed>',
		''
	].join('\n');
}
