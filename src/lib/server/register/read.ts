/**
 * The register's whole-chain reads: verify, and build the open-data files. Written against a tiny
 * reader interface so it runs in the worker on a read-only connection (worker.ts), or in the
 * main thread when the database is in memory.
 */
import type { Entry, EntryType, JsonObject } from '../../domain/chain.ts';
import {
	RegisterVerifier,
	type ExportedPersonal,
	type PersonalPart,
	type RegisterReport
} from '../../domain/register-record.ts';
import { actionsCsv, atomFeed, ballotsCsv, decisionsCsv, jsonExport } from '../../domain/register-export.ts';
import type { RegisterData, WorkspaceInfo } from '../../domain/register-view.ts';
import {
	reviewCsv,
	reviewData,
	reviewMarkdown,
	type ReviewConsultation,
	type ReviewData
} from '../../domain/register-review.ts';
import { dateOnly, isoUtc } from '../../domain/time.ts';

export type Reader = {
	all: (sql: string, ...params: unknown[]) => Record<string, unknown>[];
	iterate: (sql: string, ...params: unknown[]) => Iterable<Record<string, unknown>>;
	snapshot: <T>(fn: () => T) => T;
};

export type ExportFormat =
	'json' | 'decisions.csv' | 'ballots.csv' | 'actions.csv' | 'atom' | 'review.md' | 'review.csv';

export type Job =
	| { kind: 'verify'; workspaceId: string }
	| {
			kind: 'export';
			workspaceId: string;
			format: ExportFormat;
			origin: string;
			now: number;
			today: string;
			from?: string;
			to?: string;
	  }
	| { kind: 'review'; workspaceId: string; today: string; from: string; to: string };

type Row = { seq: number; type: string; at: string; payload: string; prev: string; hash: string };

function workspaceInfo(r: Reader, workspaceId: string): WorkspaceInfo {
	const w = r.all(
		'SELECT id, slug, name, time_zone AS "timeZone" FROM workspaces WHERE id = ?',
		workspaceId
	)[0];
	if (!w) throw new Error('No such workspace');
	return w as WorkspaceInfo;
}

/** Verifies the chain, every tally and every personal digest; optionally collects the entries. */
function readRegister(r: Reader, workspaceId: string, collect: boolean) {
	const verifier = new RegisterVerifier({ workspace: workspaceId });
	const entries: Entry[] = [];
	for (const row of r.iterate(
		'SELECT seq, type, at, payload, prev, hash FROM register_entries WHERE workspace_id = ? ORDER BY seq',
		workspaceId
	) as Iterable<Row>) {
		const ok = verifier.pushStored({ workspace: workspaceId, ...row });
		if (collect)
			entries.push({
				v: 1,
				workspace: workspaceId,
				seq: row.seq,
				type: row.type as EntryType,
				at: row.at,
				payload: safeParse(row.payload),
				prev: row.prev,
				hash: row.hash
			});
		if (!ok && !collect) break;
	}
	const personal: ExportedPersonal[] = [];
	for (const p of r.iterate(
		'SELECT seq, digest, salt, data FROM register_personal WHERE workspace_id = ? ORDER BY seq, digest',
		workspaceId
	) as Iterable<{ seq: number; digest: string; salt: string; data: string }>) {
		const part = { seq: p.seq, digest: p.digest, salt: p.salt, data: JSON.parse(p.data) as PersonalPart };
		verifier.pushPersonal(part);
		if (collect) personal.push(part);
	}
	return { report: verifier.finish(), entries, personal };
}

function safeParse(text: string): JsonObject {
	try {
		return JSON.parse(text) as JsonObject;
	} catch {
		return {};
	}
}

export function verifyRegister(r: Reader, workspaceId: string): RegisterReport {
	return r.snapshot(() => readRegister(r, workspaceId, false).report);
}

export function loadRegisterData(r: Reader, workspaceId: string): RegisterData {
	return r.snapshot(() => {
		const workspace = workspaceInfo(r, workspaceId);
		const { report, entries, personal } = readRegister(r, workspaceId, true);
		return { workspace, entries, personal, report };
	});
}

/**
 * Consultations open at any time in the period, with the organisations that responded by sector. Reads
 * the consultation tables directly; an empty list when they are missing.
 */
function consultationsIn(r: Reader, workspaceId: string, from: string, to: string): ReviewConsultation[] {
	const start = Date.parse(`${from}T00:00:00Z`);
	const end = Date.parse(`${to}T00:00:00Z`) + 86_400_000;
	try {
		const rows = r.all(
			'SELECT id, title, opened_at AS "openedAt", closes_at AS "closesAt", audience FROM consultations WHERE workspace_id = ? AND opened_at < ? AND closes_at >= ? ORDER BY opened_at',
			workspaceId,
			end,
			start
		) as { id: string; title: string; openedAt: number; closesAt: number; audience: string }[];
		return rows.map((c) => {
			const counts = r.all(
				"SELECT COALESCE(o.sector, 'none') AS sector, COUNT(DISTINCT r.organisation_id) AS orgs, COUNT(*) AS responses FROM consultation_responses r LEFT JOIN organisations o ON o.id = r.organisation_id WHERE r.consultation_id = ? GROUP BY 1",
				c.id
			) as { sector: string; orgs: number; responses: number }[];
			return {
				id: c.id,
				title: c.title,
				opened: dateOnly(c.openedAt),
				closes: dateOnly(c.closesAt),
				audience: c.audience,
				responses: counts.reduce((n, x) => n + x.responses, 0),
				organisations: Object.fromEntries(counts.map((x) => [x.sector, x.orgs]))
			};
		});
	} catch {
		return [];
	}
}

/** The review of a period, from the register and the consultations of that period. */
function review(r: Reader, data: RegisterData, from: string, to: string, today: string): ReviewData {
	return reviewData(data, consultationsIn(r, data.workspace.id, from, to), from, to, today);
}

export function runJob(r: Reader, job: Job): RegisterReport | string | ReviewData {
	if (job.kind === 'verify') return verifyRegister(r, job.workspaceId);
	const data = loadRegisterData(r, job.workspaceId);
	if (job.kind === 'review') return review(r, data, job.from, job.to, job.today);
	switch (job.format) {
		case 'json':
			return JSON.stringify(jsonExport(data, isoUtc(job.now)), null, 1);
		case 'decisions.csv':
			return decisionsCsv(data);
		case 'ballots.csv':
			return ballotsCsv(data);
		case 'actions.csv':
			return actionsCsv(data, job.today);
		case 'atom':
			return atomFeed(data, job.origin);
		case 'review.md':
			return reviewMarkdown(review(r, data, job.from ?? '0000-01-01', job.to ?? '9999-12-31', job.today));
		case 'review.csv':
			return reviewCsv(review(r, data, job.from ?? '0000-01-01', job.to ?? '9999-12-31', job.today));
	}
}
