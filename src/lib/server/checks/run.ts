// The drafting checks over a document's content with its workspace's settings and its dismissals: what the
// API, the pages and stored versions all use. No permission checks here (queries.ts and commands.ts do them).
import type * as Y from 'yjs';
import type { DB } from '../db/index.ts';
import { getDocument, getVersion } from '../documents/repository.ts';
import { NotFound } from '../errors.ts';
import {
	CHECK_BY_ID,
	DEFAULT_CONFIG,
	FAMILIES,
	runChecks,
	type CheckConfig,
	type DocumentKind,
	type Family,
	type Finding
} from '../../domain/checks/index.ts';
import { structureOfYDoc } from '../../domain/checks/ydoc.ts';
import * as repo from './repository.ts';

export type CheckedFinding = Finding & { dismissed: { reason: string } | null };
export type Counts = { E: number; W: number; I: number; dismissed: number };

export type CheckRun = {
	kind: DocumentKind;
	/** For a document of kind `other`, the families a facilitator picked; null for the other kinds. */
	families: Family[] | null;
	checksVersion: string;
	checks: string[];
	config: CheckConfig;
	/** Checks the workspace turned off, with the reason members see. */
	off: { check: string; reason: string }[];
	findings: CheckedFinding[];
	counts: Counts;
};

/** The workspace's settings as the checks take them. */
export async function settingsFor(db: DB, workspaceId: string) {
	const rows = await repo.settingsOf(db, workspaceId);
	const config: CheckConfig = { ...DEFAULT_CONFIG };
	for (const r of rows) {
		const key = CHECK_BY_ID[r.checkId]?.setting?.key;
		if (key && r.value != null) config[key] = r.value;
	}
	const off = rows.filter((r) => r.off).map((r) => ({ check: r.checkId, reason: r.reason ?? '' }));
	return { config, off };
}

/** The families picked for a document of kind `other` (null for the other kinds, which follow their kind). */
export async function familiesFor(db: DB, document: { id: string; kind: DocumentKind }) {
	if (document.kind !== 'other') return null;
	const picked = await repo.checkSetOf(db, document.id);
	return FAMILIES.filter((f) => picked.includes(f));
}

/** Open findings count by severity; dismissed ones apart. */
export function countFindings(findings: CheckedFinding[]): Counts {
	const counts = { E: 0, W: 0, I: 0, dismissed: 0 };
	for (const f of findings) {
		if (f.dismissed) counts.dismissed++;
		else counts[f.severity]++;
	}
	return counts;
}

export async function checkDocumentContent(db: DB, documentId: string, ydoc: Y.Doc): Promise<CheckRun> {
	const document = await getDocument(db, documentId);
	if (!document) throw new NotFound();
	const { config, off } = await settingsFor(db, document.workspaceId);
	const families = await familiesFor(db, document);
	const dismissals = new Map((await repo.dismissalsOf(db, documentId)).map((d) => [d.key, d.reason]));
	const result = runChecks(structureOfYDoc(ydoc), document.kind, {
		config,
		off: off.map((o) => o.check),
		families: families ?? undefined
	});
	const findings = result.findings.map((f) => {
		const reason = dismissals.get(f.key);
		return { ...f, dismissed: reason === undefined ? null : { reason } };
	});
	return {
		kind: document.kind,
		families,
		checksVersion: result.version,
		checks: result.checks,
		config,
		off,
		findings,
		counts: countFindings(findings)
	};
}

/**
 * What a version keeps of the checks on its text when it is saved (a named version, the text put to a vote,
 * the text a decision adopts): the check set's version, the workspace's settings, the counts and the findings,
 * and the dismissed findings with their reasons — never who dismissed them.
 */
export async function versionRecord(db: DB, documentId: string, ydoc: Y.Doc): Promise<string> {
	const run = await checkDocumentContent(db, documentId, ydoc);
	return JSON.stringify({
		checksVersion: run.checksVersion,
		kind: run.kind,
		families: run.families,
		checks: run.checks,
		config: run.config,
		off: run.off,
		counts: run.counts,
		findings: run.findings.map((f) => ({
			key: f.key,
			check: f.check,
			severity: f.severity,
			message: f.message,
			dismissed: f.dismissed
		}))
	});
}

export type VersionRecord = {
	checksVersion: string;
	kind: string;
	/** Absent in records kept before facilitators could pick families for `other` documents. */
	families?: string[] | null;
	checks: string[];
	config: CheckConfig;
	off: { check: string; reason: string }[];
	counts: Counts;
	findings: {
		key: string;
		check: string;
		severity: 'E' | 'W' | 'I';
		message: string;
		dismissed: { reason: string } | null;
	}[];
};

export function readVersionRecord(json: string | null | undefined): VersionRecord | null {
	if (!json) return null;
	try {
		return JSON.parse(json) as VersionRecord;
	} catch {
		return null;
	}
}

/** What a vote or decision says of the checks on its text, from what the version kept. */
export async function versionSummary(db: DB, documentId: string | null, versionId: string | null) {
	if (!documentId || !versionId) return null;
	const record = readVersionRecord((await getVersion(db, documentId, versionId))?.checks);
	if (!record) return null;
	return {
		counts: record.counts,
		checksVersion: record.checksVersion,
		dismissed: record.findings
			.filter((f) => f.dismissed)
			.map((f) => ({ check: f.check, message: f.message, reason: f.dismissed!.reason })),
		off: record.off
	};
}

/** What the register publishes of the checks on a decided version: counts and dismissed keys with reasons. */
export async function checksForRegister(db: DB, documentId: string, versionId: string) {
	const record = readVersionRecord((await getVersion(db, documentId, versionId))?.checks);
	if (!record) return null;
	return {
		version: record.checksVersion,
		counts: { E: record.counts.E, W: record.counts.W, I: record.counts.I },
		dismissed: record.findings
			.filter((f) => f.dismissed)
			.map((f) => ({ finding: f.key, reason: f.dismissed!.reason }))
	};
}

/** What the editor's live panel needs to run the checks as the server does: settings and dismissals. */
export async function panelOptions(
	db: DB,
	document: { id: string; workspaceId: string; kind: DocumentKind }
) {
	const { config, off } = await settingsFor(db, document.workspaceId);
	const families = await familiesFor(db, document);
	const dismissals = (await repo.dismissalsOf(db, document.id)).map((d) => ({
		key: d.key,
		reason: d.reason
	}));
	return { config, off: off.map((o) => o.check), families, dismissals };
}
