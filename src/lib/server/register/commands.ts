/** The register's own use case: removing one person's details from a workspace's register (administrators). */
import { getDb } from '../db/index.ts';
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
		const entry = await appendEntry(
			tx,
			ws.id,
			'personal.redacted',
			{
				entries: parts
					.sort((a, b) => a.seq - b.seq || a.digest.localeCompare(b.digest))
					.map((p) => ({ seq: p.seq, digest: p.digest })),
				reason: input.reason
			},
			[],
			now
		);
		await deletePersonal(
			tx,
			parts.map((p) => p.id)
		);
		// In the governance history too, without saying whose details they were.
		await recordChanges(
			tx,
			ws.id,
			requireUser(actor),
			[
				{
					kind: 'register.redacted',
					subjectId: String(entry.seq),
					summary: `A person's details removed from the register (${parts.length} ${parts.length === 1 ? 'place' : 'places'}, entry ${entry.seq}): ${input.reason}`,
					concernsVotes: false
				}
			],
			now
		);
		return { entry, removed: parts.length };
	});
}
