// Reads of documents with their visibility checks: the one answer to "may this actor reach this document".
import { getDb } from '../db/index.ts';
import { loadWorkspace, type Actor, type Workspace } from '../access.ts';
import { NotFound, Unauthenticated } from '../errors.ts';
import { authorize, may, type Action, type Membership } from '../policy/index.ts';
import * as repo from './repository.ts';
import type { Document } from './repository.ts';

/** What is asked of a document: reading it, or a policy action about it (its rule decides). */
export type DocumentNeed =
	| 'read'
	| Extract<
			Action,
			| `document.${string}`
			| 'comment.create'
			| 'comment.resolve'
			| `suggestion.${string}`
			| 'checks.dismiss'
			| 'checks.chooseSet'
	  >;

export type DocumentAccess = { document: Document; workspace: Workspace; member: Membership };

/**
 * Documents are members-only. To anyone else a document does not exist: 404 (401 to someone not signed in,
 * where the workspace is public, so that they can sign in). A member asking for more than reading is refused
 * with 403 when the policy says no (their role, or a read-only token).
 */
function refuseOutsider(actor: Actor): never {
	if (!actor.user) throw new Unauthenticated();
	throw new NotFound();
}

async function reach(actor: Actor, workspaceId: string, subject: { status: string }, need: DocumentNeed) {
	const { workspace, member } = await loadWorkspace(getDb(), actor, workspaceId);
	if (!member || !may(actor, 'document.read', member, subject)) refuseOutsider(actor);
	if (need !== 'read') authorize(actor, need, member, subject as never);
	return { workspace, member };
}

/** A document the actor may reach for `need`, with its workspace and the actor's membership. */
export async function documentFor(
	actor: Actor,
	id: string,
	need: DocumentNeed = 'read'
): Promise<DocumentAccess> {
	const document = await repo.getDocument(getDb(), id);
	if (!document) throw new NotFound();
	return { document, ...(await reach(actor, document.workspaceId, document, need)) };
}

/** The same, for a page whose address names the workspace too: a document of another workspace is 404. */
export async function documentInWorkspace(
	actor: Actor,
	workspace: string,
	id: string,
	need: DocumentNeed = 'read'
): Promise<DocumentAccess> {
	const access = await documentFor(actor, id, need);
	if (access.workspace.slug !== workspace && access.workspace.id !== workspace) throw new NotFound();
	return access;
}

/** A workspace's documents, newest change first, with the actor's membership (members only). */
export async function documentsOf(actor: Actor, workspaceIdOrSlug: string) {
	const { workspace, member } = await reach(actor, workspaceIdOrSlug, { status: 'drafting' }, 'read');
	return { workspace, member, documents: await repo.listDocuments(getDb(), workspace.id) };
}

/** Whether the actor may do `action` to the document (for pages deciding what to offer). */
export function mayOn(
	actor: Actor,
	action: DocumentNeed,
	member: Membership | null,
	document: { status: string }
) {
	return action === 'read' ? !!member : may(actor, action, member, document as never);
}

export async function versionsOf(actor: Actor, documentId: string) {
	const { document } = await documentFor(actor, documentId);
	return await repo.listVersions(getDb(), document.id);
}

/**
 * A version for reading. Members see every version. In a public workspace anyone (signed in or not) also
 * reads a version that was adopted: the document's adopted version, or one an approved decision names.
 */
export async function versionFor(actor: Actor, documentId: string, versionId: string) {
	const db = getDb();
	const document = await repo.getDocument(db, documentId);
	if (!document) throw new NotFound();
	const { workspace, member } = await loadWorkspace(db, actor, document.workspaceId);
	const version = await repo.getVersion(db, document.id, versionId);
	if (member) {
		if (!version) throw new NotFound();
		return { document, version };
	}
	const adopted =
		!!version &&
		(document.adoptedVersionId === version.id ||
			(await repo.approvedDecisionNames(db, document.id, version.id)));
	if (workspace.visibility === 'public' && adopted) return { document, version: version! };
	refuseOutsider(actor);
}
