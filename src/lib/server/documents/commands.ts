// One function per thing a person does to a document. Each checks the policy, refuses with a domain error
// and returns plain data; the page actions and the API call the same function.
import { getDb } from '../db/index.ts';
import type { Actor } from '../access.ts';
import { Invalid } from '../errors.ts';
import { fieldIssues } from '../fields.ts';
import { authorize } from '../policy/index.ts';
import { assertEditable, saveVersion, writeVersionBack } from './content.ts';
import { createDocument } from './create.ts';
import { documentFor, documentsOf } from './queries.ts';
import * as repo from './repository.ts';
import { documentInput, documentPatch, importInput, versionInput } from './schemas.ts';
import { readWordFile } from './word/import.ts';
import { nodeText } from '../../domain/render/nodes.ts';
import { fromJSON } from '../../domain/render/tree.ts';
import type { z } from 'zod';

/** Parses input with a schema, refusing with the first message per field. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
	const parsed = schema.safeParse(input);
	if (parsed.success) return parsed.data;
	throw new Invalid(parsed.error.issues[0].message, fieldIssues(parsed.error.issues));
}

/** An editor creates a document in a workspace, from a template or blank. */
export async function addDocument(actor: Actor, workspace: string, input: unknown) {
	const { workspace: ws, member } = await documentsOf(actor, workspace);
	authorize(actor, 'document.create', member, { status: 'drafting' });
	const data = parseInput(documentInput, input);
	return { workspace: ws, document: await createDocument(getDb(), ws.id, data, actor.user!.id) };
}

/** The title of an imported document: the one given, else the file's own, its first heading or its name. */
function importedTitle(given: string | undefined, own: string | null, blocks: unknown, fileName: string) {
	const heading = fromJSON(blocks).find((b) => b.type === 'heading');
	const candidates = [given, own, heading && nodeText(heading), fileName.replace(/\.docx$/i, '')];
	const title = candidates
		.map((c) => c?.replace(/\s+/g, ' ').trim().slice(0, 200))
		.find((c) => c && c.length >= 3);
	return title ?? 'Imported document';
}

/**
 * An editor creates a document from a Word file. The file is checked and read before anything is stored, so
 * a refused file leaves nothing behind; the answer lists what the editor could not hold.
 */
export async function importDocument(
	actor: Actor,
	workspace: string,
	input: unknown,
	file: Buffer,
	fileName = ''
) {
	const { workspace: ws, member } = await documentsOf(actor, workspace);
	authorize(actor, 'document.create', member, { status: 'drafting' });
	const data = parseInput(importInput, input);
	const word = await readWordFile(file);
	const title = importedTitle(data.title || undefined, word.title, word.content, fileName);
	const document = await createDocument(
		getDb(),
		ws.id,
		{ title, kind: data.kind, template: null },
		actor.user!.id,
		word.content
	);
	return { workspace: ws, document, report: word.report };
}

/** An editor renames a document (its status moves by events only). */
export async function renameDocument(actor: Actor, documentId: string, input: unknown) {
	const { document } = await documentFor(actor, documentId, 'document.edit');
	const patch = parseInput(documentPatch, input);
	assertEditable(document);
	await repo.setTitle(getDb(), document.id, patch.title, Date.now());
	return (await repo.getDocument(getDb(), document.id))!;
}

/** An editor saves the current text as a named version. */
export async function nameVersion(actor: Actor, documentId: string, input: unknown) {
	const { document } = await documentFor(actor, documentId, 'document.nameVersion');
	const { name } = parseInput(versionInput, input);
	const version = await saveVersion(getDb(), document.id, name, actor.user!.id);
	return { ...version, authorName: actor.user!.name };
}

/** An editor restores an earlier version, as a new edit everyone sees at once. */
export async function restoreVersion(actor: Actor, documentId: string, versionId: string) {
	const { document, workspace } = await documentFor(actor, documentId, 'document.restoreVersion');
	await writeVersionBack(getDb(), document.id, versionId, actor.user!.id);
	return { document, workspace };
}
