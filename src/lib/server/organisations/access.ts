// Who reaches an organisation: the loaders its queries and commands call first. The rules themselves are in
// policy/organisations.ts.
import type { DB } from '../db/index.ts';
import { Forbidden, NotFound } from '../errors.ts';
import { organisationPolicy, type OrganisationRights } from '../policy/organisations.ts';
import type { Actor } from '../policy/rules.ts';
import { requireUser, requireWriteScope } from '../workspaces/access.ts';
import { getOrganisation, type Organisation } from './repository.ts';

/** An organisation the actor may see, with their rights over it; 404 for one they may not see. */
export async function loadOrganisation(
	db: DB,
	actor: Actor,
	id: string
): Promise<{ organisation: Organisation; rights: OrganisationRights }> {
	const organisation = await getOrganisation(db, id);
	const rights = organisation ? (await organisationPolicy(db, actor))(organisation) : null;
	if (!organisation || !rights?.see) throw new NotFound('No such organisation.');
	return { organisation, rights };
}

const REFUSALS = {
	change: 'Only the organisation’s members can change it.',
	manageMembers: 'Only the organisation’s members can see or change its members.'
} as const;

/**
 * Loads an organisation and requires a right over it (404 if the actor may not see it, 403 without the right);
 * a change also needs a write token.
 */
export async function requireOrganisationRight(
	db: DB,
	actor: Actor,
	id: string,
	right: keyof typeof REFUSALS,
	write: boolean
): Promise<Organisation> {
	requireUser(actor);
	const { organisation, rights } = await loadOrganisation(db, actor, id);
	if (!rights[right]) throw new Forbidden(REFUSALS[right]);
	if (write) requireWriteScope(actor);
	return organisation;
}
