/**
 * Who may read a workspace's register (anyone when the workspace is public, its members when it is private:
 * 404 for everyone else), the headers its responses carry, and the administrators' list of people it names.
 */
import { getDb } from '../db/index.ts';
import { NotFound } from '../errors.ts';
import { loadWorkspace, requireAdminOfWorkspace, type Actor, type WorkspaceAccess } from '../access.ts';
import { authorize, may } from '../policy/index.ts';
import { listPeople, type PersonSummary } from './repository.ts';

/** The workspace (by id or slug) whose register the actor reads; 404 when they may not. */
export async function readAccess(actor: Actor, idOrSlug: string): Promise<WorkspaceAccess> {
	const access = await loadWorkspace(getDb(), actor, idOrSlug);
	if (!may(actor, 'register.read', access.member, access.workspace)) throw new NotFound();
	return access;
}

/** Headers for a register response: open to any origin (without credentials) when the workspace is public. */
export function registerHeaders(access: WorkspaceAccess): Record<string, string> {
	return access.workspace.visibility === 'public'
		? { 'access-control-allow-origin': '*', 'cache-control': 'public, max-age=0, must-revalidate' }
		: { 'cache-control': 'private, no-store' };
}

/**
 * A workspace (by id or slug) for an administrator handling a redaction there, whether or not they are a
 * member; 404 when there is none, or when the actor's token is limited to other workspaces.
 */
export async function workspaceForRedaction(actor: Actor, idOrSlug: string) {
	authorize(actor, 'register.people', null, null);
	return await requireAdminOfWorkspace(getDb(), actor, idOrSlug);
}

/** The people a workspace's register names, for an administrator handling a redaction request. */
export async function peopleNamed(
	actor: Actor,
	idOrSlug: string
): Promise<{ workspace: { id: string; slug: string }; people: PersonSummary[] }> {
	const workspace = await workspaceForRedaction(actor, idOrSlug);
	return { workspace, people: await listPeople(getDb(), workspace.id) };
}
