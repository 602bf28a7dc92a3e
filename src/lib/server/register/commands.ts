/** The register's own use case: removing one person's details from a workspace's register (administrators). */
import { getDb, type DB } from '../db/index.ts';
import { Invalid, NotFound } from '../errors.ts';
import type { Actor } from '../access.ts';
import { authorize } from '../policy/index.ts';
import type { Entry } from '../../domain/chain.ts';
import { appendEntry, appendTransaction } from './chain.ts';
import { workspaceForRedaction } from './queries.ts';
import { deletePersonal, personalPartsOf } from './repository.ts';
import type { RedactionInput } from './schemas.ts';
import { recordChanges } from '../governance/history.ts';
import { requireUser } from '../access.ts';

/**
 * Removes one person's details from a workspace's register (by id or slug): deletes each personal part about
 * them (salt included) and appends a `personal.redacted` entry naming the (seq, digest) pairs removed. The
 * chain is untouched and still verifies. `input.person` is a key from `peopleNamed`.
 */
export async function redactPerson(
	actor: Actor,
	workspace: string,
	input: RedactionInput,
	now = Date.now()
): Promise<{ entry: Entry; removed: number }> {
	const ws = await workspaceForRedaction(actor, workspace);
	authorize(actor, 'register.redact', null, null);
	return await appendTransaction(getDb(), async (tx) => {
		const parts = await personalPartsOf(tx, ws.id, input.person);
		if (!parts) throw new Invalid('Choose a person to redact.', { person: 'Choose a person.' });
		if (!parts.length) throw new NotFound('The register holds no details about this person.');
		return await redactParts(tx, ws.id, parts, input.reason, requireUser(actor), now);
	});
}

/**
 * Inside a register transaction: appends the `personal.redacted` entry naming the parts, deletes them (salt
 * included) and records the redaction in the governance history, by `by`, without saying whose details they
 * were. Used by `redactPerson` and by the deletion of an account.
 */
export async function redactParts(
	tx: DB,
	workspaceId: string,
	parts: { id: string; seq: number; digest: string }[],
	reason: string,
	by: { id: string; name: string } | null,
	now: number
): Promise<{ entry: Entry; removed: number }> {
	const entry = await appendEntry(
		tx,
		workspaceId,
		'personal.redacted',
		{
			entries: [...parts]
				.sort((a, b) => a.seq - b.seq || a.digest.localeCompare(b.digest))
				.map((p) => ({ seq: p.seq, digest: p.digest })),
			reason
		},
		[],
		now
	);
	await deletePersonal(
		tx,
		parts.map((p) => p.id)
	);
	await recordChanges(
		tx,
		workspaceId,
		by,
		[
			{
				kind: 'register.redacted',
				subjectId: String(entry.seq),
				summary: `A person's details removed from the register (${parts.length} ${parts.length === 1 ? 'place' : 'places'}, entry ${entry.seq}): ${reason}`,
				concernsVotes: false
			}
		],
		now
	);
	return { entry, removed: parts.length };
}
