import { and, eq } from 'drizzle-orm';
import { index, integer, primaryKey, sqliteTable, text, type SQLiteColumn } from 'drizzle-orm/sqlite-core';
import { users } from './auth.ts';

export const SECTORS = ['vcse', 'statutory'] as const;
export type Sector = (typeof SECTORS)[number];
export const SIZE_BANDS = ['micro', 'small', 'medium', 'large', 'major'] as const;
export type SizeBand = (typeof SIZE_BANDS)[number];
export const ROLES = ['facilitator', 'editor', 'commenter', 'observer'] as const;
export type Role = (typeof ROLES)[number];
export const STANDINGS = ['representative', 'participant'] as const;
export type Standing = (typeof STANDINGS)[number];

export const organisations = sqliteTable('organisations', {
	id: text('id').primaryKey(),
	name: text('name').notNull(),
	sector: text('sector', { enum: SECTORS }).notNull(),
	sizeBand: text('size_band', { enum: SIZE_BANDS }).notNull(),
	/**
	 * Verified organisations form the directory every signed-in user sees. Organisations created by anyone
	 * but an administrator (a consultation respondent, a facilitator, a user) start unverified until an
	 * administrator verifies them.
	 */
	verified: integer('verified', { mode: 'boolean' }).notNull().default(true),
	/** The workspace it came from (a facilitator's partner, a consultation respondent's organisation). */
	originWorkspaceId: text('origin_workspace_id').references(() => workspaces.id, { onDelete: 'set null' }),
	/**
	 * Set when an administrator merged this organisation into another (a duplicate): the row stays so that the
	 * ballots and records that name it keep what they recorded, but it leaves the directory.
	 */
	mergedIntoId: text('merged_into_id'),
	isDemo: integer('is_demo', { mode: 'boolean' }).notNull().default(false),
	createdBy: text('created_by').references(() => users.id, { onDelete: 'set null' }),
	createdAt: integer('created_at').notNull()
});

export const organisationMembers = sqliteTable(
	'organisation_members',
	{
		organisationId: text('organisation_id')
			.notNull()
			.references(() => organisations.id, { onDelete: 'cascade' }),
		userId: text('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		/** Who added them (null for the creator, and for memberships from before organisations stood alone). */
		addedBy: text('added_by').references(() => users.id, { onDelete: 'set null' }),
		createdAt: integer('created_at').notNull()
	},
	(t) => [primaryKey({ columns: [t.organisationId, t.userId] }), index('org_members_user_idx').on(t.userId)]
);

export const workspaces = sqliteTable('workspaces', {
	id: text('id').primaryKey(),
	/** URL name, unique: /w/<slug> */
	slug: text('slug').notNull().unique(),
	name: text('name').notNull(),
	description: text('description').notNull().default(''),
	visibility: text('visibility', { enum: ['private', 'public'] })
		.notNull()
		.default('private'),
	timeZone: text('time_zone').notNull().default('Europe/London'),
	/** Voting delegates must sign in with two factors too (facilitators always must). */
	requireTwoFactor: integer('require_two_factor', { mode: 'boolean' }).notNull().default(false),
	isDemo: integer('is_demo', { mode: 'boolean' }).notNull().default(false),
	createdBy: text('created_by').references(() => users.id, { onDelete: 'set null' }),
	createdAt: integer('created_at').notNull()
});

/**
 * The partner organisations of a workspace: the electorate of its votes. The workspace keeps its own record of
 * each partner (chamber, size band, equity flags), set by its facilitators; the organisation's own details
 * never change it.
 */
export const workspacePartners = sqliteTable(
	'workspace_partners',
	{
		workspaceId: text('workspace_id')
			.notNull()
			.references(() => workspaces.id, { onDelete: 'cascade' }),
		organisationId: text('organisation_id')
			.notNull()
			.references(() => organisations.id, { onDelete: 'cascade' }),
		grassroots: integer('grassroots', { mode: 'boolean' }).notNull().default(false),
		byAndFor: integer('by_and_for', { mode: 'boolean' }).notNull().default(false),
		/** The chamber this partner votes in here. */
		sector: text('sector', { enum: SECTORS }).notNull(),
		sizeBand: text('size_band', { enum: SIZE_BANDS }).notNull(),
		/** False while the record is the copy made on upgrade and no facilitator has confirmed it. */
		confirmed: integer('confirmed', { mode: 'boolean' }).notNull().default(true),
		/** Who last set or confirmed the record, and when. */
		recordedBy: text('recorded_by').references(() => users.id, { onDelete: 'set null' }),
		recordedAt: integer('recorded_at').notNull(),
		/** The organisation's own sector and size band a facilitator last dismissed as a difference. */
		dismissedSector: text('dismissed_sector', { enum: SECTORS }),
		dismissedSizeBand: text('dismissed_size_band', { enum: SIZE_BANDS }),
		createdAt: integer('created_at').notNull()
	},
	(t) => [
		primaryKey({ columns: [t.workspaceId, t.organisationId] }),
		index('ws_partners_org_idx').on(t.organisationId)
	]
);

/** An organisation's partnership with a workspace: finds it, or joins it to a row that names both. */
export function partnershipOf(workspaceId: SQLiteColumn | string, organisationId: SQLiteColumn | string) {
	return and(
		eq(workspacePartners.workspaceId, workspaceId),
		eq(workspacePartners.organisationId, organisationId)
	);
}

export const workspaceMembers = sqliteTable(
	'workspace_members',
	{
		workspaceId: text('workspace_id')
			.notNull()
			.references(() => workspaces.id, { onDelete: 'cascade' }),
		userId: text('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		role: text('role', { enum: ROLES }).notNull(),
		/** The partner organisation this member acts for (null only for facilitators who act for none). */
		organisationId: text('organisation_id').references(() => organisations.id, { onDelete: 'set null' }),
		standing: text('standing', { enum: STANDINGS }).notNull().default('participant'),
		votingDelegate: integer('voting_delegate', { mode: 'boolean' }).notNull().default(false),
		lastVisitAt: integer('last_visit_at'),
		createdAt: integer('created_at').notNull()
	},
	(t) => [primaryKey({ columns: [t.workspaceId, t.userId] }), index('ws_members_user_idx').on(t.userId)]
);

/** A person's membership of a workspace: finds it, or joins it to a row that names both. */
export function membershipOf(workspaceId: SQLiteColumn | string, userId: SQLiteColumn | string) {
	return and(eq(workspaceMembers.workspaceId, workspaceId), eq(workspaceMembers.userId, userId));
}

/** What a membership says of its member (policy/rules.ts `Membership`), as every reader of one selects it. */
export const membershipColumns = {
	role: workspaceMembers.role,
	organisationId: workspaceMembers.organisationId,
	standing: workspaceMembers.standing,
	votingDelegate: workspaceMembers.votingDelegate
};

export const invitations = sqliteTable(
	'invitations',
	{
		id: text('id').primaryKey(),
		workspaceId: text('workspace_id')
			.notNull()
			.references(() => workspaces.id, { onDelete: 'cascade' }),
		email: text('email').notNull(),
		role: text('role', { enum: ROLES }).notNull(),
		organisationId: text('organisation_id').references(() => organisations.id, { onDelete: 'set null' }),
		standing: text('standing', { enum: STANDINGS }).notNull().default('participant'),
		votingDelegate: integer('voting_delegate', { mode: 'boolean' }).notNull().default(false),
		/** SHA-256 hex of the secret in the invitation link. */
		tokenHash: text('token_hash').notNull().unique(),
		invitedBy: text('invited_by').references(() => users.id, { onDelete: 'set null' }),
		createdAt: integer('created_at').notNull(),
		expiresAt: integer('expires_at').notNull(),
		acceptedAt: integer('accepted_at'),
		acceptedBy: text('accepted_by').references(() => users.id, { onDelete: 'set null' }),
		revokedAt: integer('revoked_at')
	},
	(t) => [index('invitations_ws_idx').on(t.workspaceId)]
);
