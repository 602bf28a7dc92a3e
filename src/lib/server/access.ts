// Where every area finds the workspace loaders and the actor's types. The loaders live in workspaces/access.ts
// and throw domain errors; the rules live in policy/. This module only gathers them under their old names.
export {
	loadWorkspace,
	requireAdmin,
	requireAdminOfWorkspace,
	requireMember,
	requireRole,
	requireSiteAdmin,
	requireUser,
	requireWriteScope,
	type Workspace,
	type WorkspaceAccess
} from './workspaces/access.ts';
export { getMembership } from './workspaces/repository.ts';
export type { Actor, Membership } from './policy/rules.ts';
export { atLeast as hasRole } from './policy/rules.ts';
export {
	mayTakePart,
	organisationPolicy,
	type OrganisationRights,
	type OrganisationSubject
} from './policy/organisations.ts';
