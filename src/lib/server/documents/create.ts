// Creating a document with its starting text (a template, or a blank page with its title). Kept apart from
// content.ts because writing a template needs the editor's document schema.
import { type DB } from '../db/index.ts';
import { newId } from '../db/ids.ts';
import * as registry from '../collab/registry.ts';
import { blankContent, TEMPLATES } from '../../domain/templates/index.ts';
import { writeContent } from '../../domain/templates/ydoc.ts';
import type { PMNode } from '../../domain/templates/build.ts';
import * as repo from './repository.ts';
import type { Document } from './repository.ts';
import type { DocumentInput } from './schemas.ts';

/**
 * Creates a document and writes its starting content (a template or a blank title, or `content` when given,
 * such as a meeting's minutes) through the live room.
 */
export async function createDocument(
	db: DB,
	workspaceId: string,
	input: DocumentInput,
	userId: string,
	content?: PMNode
): Promise<Document> {
	const now = Date.now();
	const d: Document = {
		id: newId(),
		workspaceId,
		title: input.title,
		kind: input.kind,
		status: 'drafting',
		adoptedVersionId: null,
		createdBy: userId,
		createdAt: now,
		updatedAt: now,
		// Set when its starting content is stored, below.
		contentChangedAt: null,
		contentChangedBy: null
	};
	await repo.insertDocument(db, d);
	const start = content ?? (input.template ? TEMPLATES[input.template].content : blankContent(input.title));
	try {
		await registry.transact(d.id, (ydoc) => writeContent(ydoc, start), { userId });
	} catch (e) {
		// The row and its starting content are written in two steps; never leave a document without its content.
		await repo.deleteDocument(db, d.id);
		registry.notifyDocumentDeleted(d.id);
		throw e;
	}
	return d;
}
