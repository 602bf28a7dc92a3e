// Reminders facilitators send to the voting delegates of organisations that have not voted (docs/voting.md).
import { integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { users } from './auth.ts';
import { votes } from './votes.ts';
import { organisations } from './workspaces.ts';

/**
 * The last reminder about one vote sent to one organisation's voting delegates. One row per (vote,
 * organisation): a reminder replaces it only when the last one is at least a day old, in one statement, so
 * the once-a-day limit holds across restarts and for two facilitators pressing the button at once.
 */
export const voteReminders = sqliteTable(
	'vote_reminders',
	{
		voteId: text('vote_id')
			.notNull()
			.references(() => votes.id, { onDelete: 'cascade' }),
		organisationId: text('organisation_id')
			.notNull()
			.references(() => organisations.id, { onDelete: 'cascade' }),
		lastSentAt: integer('last_sent_at').notNull(),
		lastSentBy: text('last_sent_by').references(() => users.id, { onDelete: 'set null' }),
		/** How many delegates the last reminder was addressed to. */
		recipients: integer('recipients').notNull(),
		/** How many reminders about this vote the organisation has been sent. */
		times: integer('times').notNull().default(1)
	},
	(t) => [primaryKey({ columns: [t.voteId, t.organisationId] })]
);
