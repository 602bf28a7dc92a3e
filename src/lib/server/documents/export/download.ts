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
import { annotateBlock, passagesOf } from '../../../domain/render/annotate.ts';
import { discussion } from '../../comments/queries.ts';
import type { Document } from '../repository.ts';
import type { Annotations } from './docx.ts';
import { attachment, FILE_TYPES, fileName, type CoverSheet, type FileFormat } from './sheet.ts';

/** The file of blocks with their cover sheet, as an HTTP answer to download. */
export async function fileResponse(
	format: FileFormat,
	blocks: DocNode[],
	sheet: CoverSheet,
	annotations: Annotations | null = null
): Promise<Response> {
	const body =
		format === 'docx'
			? await (await import('./docx.ts')).toDocx(blocks, sheet, annotations)
			: await (await import('./pdf.ts')).toPdf(blocks, sheet);
	return new Response(new Uint8Array(body), {
		headers: {
			'content-type': FILE_TYPES[format],
			'content-disposition': attachment(fileName(sheet.title, format)),
			'cache-control': 'private, no-store'
		}
	});
}

/** Which of the discussion a Word download of the current text carries. */
export type WithDiscussion = { comments: boolean; suggestions: boolean };

/**
 * The current blocks with the open threads and suggestions drawn on them (as the document page draws them),
 * and what Word needs to write them as comments and tracked changes.
 */
async function discussed(document: Document, userId: string | null, want: WithDiscussion) {
	const talk = await discussion(getDb(), document, { userId, shape: true });
	const passages = passagesOf(want.comments ? talk.threads : [], want.suggestions ? talk.suggestions : []);
	const blocks = talk.blocks.map((b) => {
		const end = b.from + b.text.length;
		const here = passages.filter((p) => p.from <= end && p.to >= b.from);
		return b.node ? annotateBlock(b.node, b.starts, here) : { type: 'paragraph' };
	});
	const annotations: Annotations = {
		threads: Object.fromEntries(
			talk.threads.map((t) => [
				t.id,
				t.comments
					.filter((c) => !c.deleted)
					.map((c) => ({
						author: c.authorOrganisation ? `${c.authorName} (${c.authorOrganisation})` : c.authorName,
						date: c.createdAt,
						body: c.body
					}))
			])
		),
		suggestions: Object.fromEntries(
			talk.suggestions.map((s) => [s.id, { author: s.authorName, date: s.createdAt }])
		)
	};
	return { blocks, annotations };
}

/**
 * The current text of a document (members); as Word, with its open threads as comments and its open
 * suggestions as tracked changes when asked.
 */
export async function currentFile(
	actor: Actor,
	documentId: string,
	format: FileFormat,
	want: WithDiscussion = { comments: false, suggestions: false }
): Promise<Response> {
	const { document, workspace } = await documentFor(actor, documentId);
	const shape = await currentShape(document.id);
	if (!shape) throw new NotFound();
	const changed = document.contentChangedAt ?? document.updatedAt;
	const annotated =
		format === 'docx' && (want.comments || want.suggestions)
			? await discussed(document, actor.user?.id ?? null, want)
			: null;
	return await fileResponse(
		format,
		annotated?.blocks ?? shape.blocks,
		{
			partnership: workspace.name,
			title: document.title,
			kind: KIND_LABELS[document.kind],
			status: STATUS_LABELS[document.status],
			version: 'Current text (not a named version)',
			date: formatDate(changed, workspace.timeZone),
			hash: shape.hash,
			lang: 'en-GB'
		},
		annotated?.annotations ?? null
	);
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
