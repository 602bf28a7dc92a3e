// Drafting checks on the server: on the current text (the API, the comments page without JavaScript) and on a
// named version. The same pure functions the editor's panel runs (src/lib/domain/checks).
import * as Y from 'yjs';
import * as registry from '../collab/registry.ts';
import { getDb } from '../db/index.ts';
import type { Actor } from '../access.ts';
import { NotFound } from '../errors.ts';
import { documentFor, versionFor } from '../documents/queries.ts';
import { checkDocumentContent, type CheckRun } from './run.ts';
import type { ChecksJson } from './schemas.ts';

function answer(documentId: string, versionId: string | null, run: CheckRun): ChecksJson {
	return {
		documentId,
		versionId,
		kind: run.kind,
		families: run.families,
		checksVersion: run.checksVersion,
		checks: run.checks,
		off: run.off,
		findings: run.findings,
		counts: run.counts
	};
}

/** Findings on the current text (members), with the workspace's settings and the document's dismissals. */
export async function documentChecks(actor: Actor, documentId: string): Promise<ChecksJson> {
	const { document } = await documentFor(actor, documentId);
	const ydoc = await registry.readDocument(document.id);
	if (!ydoc) throw new NotFound();
	try {
		return answer(document.id, null, await checkDocumentContent(getDb(), document.id, ydoc));
	} finally {
		ydoc.destroy();
	}
}

/** Findings on a named version, as the checks read it now (whoever may read the version). */
export async function versionChecks(
	actor: Actor,
	documentId: string,
	versionId: string
): Promise<ChecksJson> {
	const { version, document } = await versionFor(actor, documentId, versionId);
	const ydoc = new Y.Doc();
	try {
		Y.applyUpdate(ydoc, new Uint8Array(version.state));
		return answer(document.id, version.id, await checkDocumentContent(getDb(), document.id, ydoc));
	} finally {
		ydoc.destroy();
	}
}
