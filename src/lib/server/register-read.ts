/**
 * The register's whole-chain reads: verify, and build the open-data files. Written against a tiny
 * reader interface so it runs in the worker on a read-only connection (register-worker.ts), or in the
 * main thread when the database is in memory.
 */
import type { Entry, EntryType, JsonObject } from '../domain/chain.ts';
import {
	RegisterVerifier,
	type ExportedPersonal,
	type PersonalPart,
	type RegisterReport
} from '../domain/register-record.ts';
import {
	actionsCsv,
	atomFeed,
	ballotsCsv,
	decisionsCsv,
	jsonExport,
	type RegisterData,
	type WorkspaceInfo
} from './register-export.ts';
import { reviewCsv, reviewData, reviewMarkdown, type ReviewData } from './register-review.ts';

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
		'SELECT id, slug, name, time_zone AS timeZone FROM workspaces WHERE id = ?',
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

export function runJob(r: Reader, job: Job): RegisterReport | string | ReviewData {
	if (job.kind === 'verify') return verifyRegister(r, job.workspaceId);
	const data = loadRegisterData(r, job.workspaceId);
	if (job.kind === 'review') return reviewData(data, r, job.from, job.to, job.today);
	switch (job.format) {
		case 'json':
			return JSON.stringify(jsonExport(data, new Date(job.now).toISOString()), null, 1);
		case 'decisions.csv':
			return decisionsCsv(data);
		case 'ballots.csv':
			return ballotsCsv(data);
		case 'actions.csv':
			return actionsCsv(data, job.today);
		case 'atom':
			return atomFeed(data, job.origin);
		case 'review.md':
			return reviewMarkdown(reviewData(data, r, job.from ?? '0000-01-01', job.to ?? '9999-12-31', job.today));
		case 'review.csv':
			return reviewCsv(reviewData(data, r, job.from ?? '0000-01-01', job.to ?? '9999-12-31', job.today));
	}
}
