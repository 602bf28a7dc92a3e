// Approved claims leave Parity for payroll or finance as numbered batches: an export takes every approved (or
// paid) claim not yet in a batch, gives the batch the next number and marks its claims, all in one
// transaction, so no claim is ever exported twice. A batch can be downloaded again, with the same claims.
import { asc, eq } from 'drizzle-orm';
import { transaction, type DB } from '../db/index.ts';
import { authorize } from '../policy/index.ts';
import { Conflict, NotFound } from '../errors.ts';
import { requireUser, type Actor } from '../access.ts';
import { claims, meetings, organisations } from '../db/schema/index.ts';
import { toCsv } from '../../domain/csv.ts';
import { penceToPounds, sumPence } from '../../domain/money.ts';
import { formatDate } from '../../domain/time.ts';
import { ledgerAccess } from './commands.ts';
import * as repo from './repository.ts';

/** Exports the approved claims not yet exported as the next numbered batch. Conflict when there are none. */
export async function exportBatch(actor: Actor, workspaceIdOrSlug: string) {
	const { db, workspace, member, subject } = await ledgerAccess(actor, workspaceIdOrSlug);
	authorize(actor, 'claims.export', member, subject);
	const by = requireUser(actor).id;
	return await transaction(db, async (tx) => {
		const pending = await repo.unexported(tx, workspace.id);
		if (!pending.length) throw new Conflict('No approved claims wait to be exported.', 'nothing_to_export');
		const now = Date.now();
		const batch = await repo.insertBatch(tx, {
			workspaceId: workspace.id,
			number: await repo.nextBatchNumber(tx, workspace.id),
			claimCount: pending.length,
			totalPence: sumPence(pending.map((c) => c.totalPence)),
			createdBy: by,
			createdAt: now
		});
		for (const c of pending) {
			await repo.updateClaim(tx, c.id, { batchId: batch.id });
			await repo.addEvent(tx, {
				claimId: c.id,
				kind: 'exported',
				actorId: by,
				text: `Batch ${batch.number}`,
				at: now
			});
		}
		return batch;
	});
}

export async function batches(actor: Actor, workspaceIdOrSlug: string) {
	const { db, workspace, member, subject } = await ledgerAccess(actor, workspaceIdOrSlug);
	authorize(actor, 'claims.approve', member, subject);
	return { workspace, batches: await repo.listBatches(db, workspace.id) };
}

/** The columns of a batch file, for payroll or finance. */
export const BATCH_HEADER = [
	'Batch',
	'Claim',
	'Claimant',
	'Organisation',
	'Meeting',
	'Date',
	'Hours',
	'Level',
	'Rate',
	'Involvement amount',
	'Expenses by category',
	'Expenses',
	'Total',
	'Approved by',
	'Approved on'
] as const;

/** A batch as CSV (amounts in pounds with two decimals). */
export async function batchCsv(actor: Actor, workspaceIdOrSlug: string, number: number) {
	const { db, workspace, member, subject } = await ledgerAccess(actor, workspaceIdOrSlug);
	authorize(actor, 'claims.approve', member, subject);
	const batch = await repo.findBatch(db, workspace.id, number);
	if (!batch) throw new NotFound();
	const rows = await batchRows(db, batch.id);
	const zone = workspace.timeZone;
	const csv = toCsv(
		BATCH_HEADER,
		rows.map(({ claim: c, meeting, organisationName }) => [
			batch.number,
			c.id,
			c.kind === 'individual' ? c.name : '',
			organisationName ?? '',
			meeting.title,
			formatDate(meeting.startsAt, zone),
			(c.minutes / 60).toFixed(2),
			c.levelName,
			(c.lines as { what: string; pence: number }[])
				.map((l) => `${l.what}: ${penceToPounds(l.pence)}`)
				.join('; '),
			penceToPounds(c.claimedPence),
			Object.entries(c.expensesByCategory as Record<string, number>)
				.filter(([, p]) => p > 0)
				.map(([k, p]) => `${k}: ${penceToPounds(p)}`)
				.join('; '),
			penceToPounds(c.expensesPence),
			penceToPounds(c.totalPence),
			c.approvedByName ?? '',
			c.approvedAt ? formatDate(c.approvedAt, zone) : ''
		])
	);
	return { batch, csv, filename: `${workspace.slug}-claims-batch-${batch.number}.csv` };
}

async function batchRows(db: DB, batchId: string) {
	return await db
		.select({
			claim: claims,
			meeting: { title: meetings.title, startsAt: meetings.startsAt },
			organisationName: organisations.name
		})
		.from(claims)
		.innerJoin(meetings, eq(meetings.id, claims.meetingId))
		.leftJoin(organisations, eq(organisations.id, claims.organisationId))
		.where(eq(claims.batchId, batchId))
		.orderBy(asc(meetings.startsAt), asc(claims.name));
}
