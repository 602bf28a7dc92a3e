// A document or one of its versions as a Word or PDF file, for the API and the pages' download links. Members
// download the current text and any version; in a public workspace anyone downloads an adopted version (the
// same rule as reading it, queries.ts `versionFor`). The writers load on first use.
import { getDb } from '../../db/index.ts';
import { loadWorkspace, type Actor } from '../../access.ts';
import { NotFound } from '../../errors.ts';
import { formatDate } from '../../../domain/time.ts';
import { documentFor, versionFor } from '../queries.ts';
import { KIND_LABELS, STATUS_LABELS } from '../schemas.ts';
import { currentShape, versionBlocks } from '../shape.ts';
import type { DocNode } from '../../../domain/render/nodes.ts';
import { attachment, FILE_TYPES, fileName, type CoverSheet, type FileFormat } from './sheet.ts';

/** The file of blocks with their cover sheet, as an HTTP answer to download. */
export async function fileResponse(
	format: FileFormat,
	blocks: DocNode[],
	sheet: CoverSheet
): Promise<Response> {
	const body =
		format === 'docx'
			? await (await import('./docx.ts')).toDocx(blocks, sheet)
			: await (await import('./pdf.ts')).toPdf(blocks, sheet);
	return new Response(new Uint8Array(body), {
		headers: {
			'content-type': FILE_TYPES[format],
			'content-disposition': attachment(fileName(sheet.title, format)),
			'cache-control': 'private, no-store'
		}
	});
}

/** The current text of a document (members). */
export async function currentFile(actor: Actor, documentId: string, format: FileFormat): Promise<Response> {
	const { document, workspace } = await documentFor(actor, documentId);
	const shape = await currentShape(document.id);
	if (!shape) throw new NotFound();
	const changed = document.contentChangedAt ?? document.updatedAt;
	return await fileResponse(format, shape.blocks, {
		partnership: workspace.name,
		title: document.title,
		kind: KIND_LABELS[document.kind],
		status: STATUS_LABELS[document.status],
		version: 'Current text (not a named version)',
		date: formatDate(changed, workspace.timeZone),
		hash: shape.hash,
		lang: 'en-GB'
	});
}

/** A named version (members; anyone, for an adopted version in a public workspace). */
export async function versionFile(
	actor: Actor,
	documentId: string,
	versionId: string,
	format: FileFormat
): Promise<Response> {
	const { document, version } = await versionFor(actor, documentId, versionId);
	const { workspace } = await loadWorkspace(getDb(), actor, document.workspaceId);
	const adopted = document.adoptedVersionId === version.id;
	return await fileResponse(format, versionBlocks(version), {
		partnership: workspace.name,
		title: document.title,
		kind: KIND_LABELS[document.kind],
		status: adopted ? 'Adopted by an approved decision' : STATUS_LABELS[document.status],
		version: version.name,
		date: formatDate(version.createdAt, workspace.timeZone),
		hash: version.hash,
		lang: 'en-GB'
	});
}
