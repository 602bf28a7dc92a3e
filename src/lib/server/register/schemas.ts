/** What the register's commands accept, and the chain and its check as the API shows them. */
import { z } from 'zod';
import { ENTRY_TYPES } from '../../domain/chain.ts';
import { isoTime } from '../fields.ts';

export const redactionInput = z
	.object({
		person: z
			.string()
			.min(1, 'Name the person (a key from GET …/register/redactions).')
			.meta({ description: 'A key from GET …/register/redactions' }),
		reason: z.string().trim().min(1, 'Give the reason (for example "lawful erasure request").').max(500)
	})
	.strict();
export type RedactionInput = z.infer<typeof redactionInput>;

/** A page of the chain (API query). */
export const entriesQuery = z.object({
	after: z.coerce.number().int().min(0).default(0).meta({ description: 'The seq to start after' }),
	limit: z.coerce.number().int().min(1).max(1000).default(100)
});

// ── What the API answers ──

export const hex64 = z.string().regex(/^[0-9a-f]{64}$/);
/** The `seq:hash` of a chain's newest entry. */
const head = z
	.string()
	.regex(/^\d+:[0-9a-f]{64}$/)
	.meta({ description: 'Chain head `seq:hash` (`0:` and 64 zeros for an empty chain)' });
/** A payload of the register chain (docs/register.md). */
export const payloadJson = z.record(z.string(), z.unknown());

export const registerEntryJson = z
	.strictObject({
		v: z.literal(1),
		workspace: z.string(),
		seq: z.number().int().min(1),
		type: z.enum(ENTRY_TYPES),
		at: isoTime.meta({ description: 'UTC with milliseconds' }),
		payload: payloadJson,
		prev: hex64.meta({ description: 'The previous entry’s hash; 64 zeros for the first' }),
		hash: hex64
	})
	.meta({
		id: 'RegisterEntry',
		description:
			'One entry of the hash chain (docs/register.md). `hash` is the lower-case hex SHA-256 of the RFC 8785 canonical JSON of the other fields.'
	});

export const entriesJson = z.strictObject({
	workspace: z.string(),
	head,
	entries: z.array(registerEntryJson),
	next: z.number().int().nullable().meta({ description: 'The `after` of the next page; null on the last' })
});

export const verifyReportJson = z
	.strictObject({
		ok: z.boolean(),
		entries: z.number().int().meta({ description: 'Entries that verified' }),
		head,
		tallies: z.number().int().meta({ description: 'Vote tallies recomputed and matched' }),
		personal: z.number().int().meta({ description: 'Personal-data digests matched' }),
		failure: z
			.strictObject({ seq: z.number().int(), reason: z.string(), message: z.string() })
			.nullable()
			.meta({ description: 'The first entry that fails, and why' })
	})
	.meta({ id: 'VerifyReport' });

export const peopleJson = z.strictObject({
	people: z.array(
		z.strictObject({
			key: z.string().meta({ description: 'Names the person in a redaction' }),
			name: z.string(),
			userId: z.string().nullable(),
			parts: z.number().int().meta({ description: 'Personal parts the register holds about them' })
		})
	)
});

export const redactionJson = z.strictObject({
	seq: z.number().int().meta({ description: 'The personal.redacted entry' }),
	hash: hex64,
	removed: z.number().int().meta({ description: 'Personal parts removed' })
});
