// What the API answers about a workspace's governance history (history.ts).
import { z } from 'zod';
import { GOVERNANCE_KINDS } from '../db/schema/index.ts';
import { isoTime } from '../fields.ts';

export const historyCursor = z
	.string()
	.regex(/^\d{1,15}-[a-z0-9]{1,40}$/)
	.optional()
	.meta({ description: 'The `next` of the page before, for older changes' });

export const historyJson = z
	.strictObject({
		scope: z
			.enum(['all', 'votes'])
			.meta({ description: 'all: a facilitator’s view; votes: a member’s (changes that bear on votes)' }),
		changes: z.array(
			z.strictObject({
				id: z.string(),
				kind: z.enum(GOVERNANCE_KINDS),
				by: z.string().nullable().meta({ description: 'Who made the change, as named then; null: Parity' }),
				subjectId: z
					.string()
					.meta({ description: 'The member’s user id, the organisation’s or the vote’s id' }),
				summary: z.string(),
				concernsVotes: z.boolean(),
				at: isoTime
			})
		),
		next: z
			.string()
			.nullable()
			.meta({ description: 'Pass as `before` for older changes; null at the oldest' })
	})
	.meta({ id: 'GovernanceHistory' });
