// Drafting checks run on the server: on the current text (the API, the comments page without JavaScript) and
// on a named version. The same pure functions the editor's panel runs (src/lib/domain/checks).
import * as Y from 'yjs';
import * as registry from '../collab/registry.ts';
import type { Actor } from '../access.ts';
import { NotFound } from '../errors.ts';
import { documentFor, versionFor } from '../documents/queries.ts';
import { runChecks, type DocumentKind, type Finding } from '../../domain/checks/index.ts';
import { structureOfYDoc } from '../../domain/checks/ydoc.ts';
import type { ChecksJson } from './schemas.ts';

export function countBySeverity(findings: Finding[]) {
	const counts = { E: 0, W: 0, I: 0 };
	for (const f of findings) counts[f.severity]++;
	return counts;
}

/** The checks of a document's kind over a Y.Doc's content. */
export function checkContent(ydoc: Y.Doc, kind: DocumentKind) {
	return runChecks(structureOfYDoc(ydoc), kind);
}

function answer(documentId: string, versionId: string | null, kind: DocumentKind, ydoc: Y.Doc): ChecksJson {
	const result = checkContent(ydoc, kind);
	return {
		documentId,
		versionId,
		kind,
		checksVersion: result.version,
		checks: result.checks,
		findings: result.findings,
		counts: countBySeverity(result.findings)
	};
}

/** Findings on the current text (members). */
export async function documentChecks(actor: Actor, documentId: string): Promise<ChecksJson> {
	const { document } = await documentFor(actor, documentId);
	const ydoc = await registry.readDocument(document.id);
	if (!ydoc) throw new NotFound();
	try {
		return answer(document.id, null, document.kind, ydoc);
	} finally {
		ydoc.destroy();
	}
}

/** Findings on a named version (whoever may read the version). */
export async function versionChecks(
	actor: Actor,
	documentId: string,
	versionId: string
): Promise<ChecksJson> {
	const { version, document } = await versionFor(actor, documentId, versionId);
	const ydoc = new Y.Doc();
	try {
		Y.applyUpdate(ydoc, new Uint8Array(version.state));
		return answer(documentId, version.id, document.kind, ydoc);
	} finally {
		ydoc.destroy();
	}
}
