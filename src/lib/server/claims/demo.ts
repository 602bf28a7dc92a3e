// The demo partnership's ledger: the payment policy adopted at the board (linked to its decision and the
// adopted version of the involvement policy), a working group five weeks ago whose claims are paid, queried and
// overdue, and drafts from the board. Written straight to the tables (no email to demo accounts).
import type { DB } from '../db/index.ts';
import { findWorkspace } from '../workspaces/repository.ts';
import { getUser } from '../users.ts';
import * as meetingRepo from '../meetings/repository.ts';
import * as invites from '../meetings/invitations.ts';
import { addDays, zonedDay } from '../../domain/ledger.ts';
import { refreshDrafts } from './commands.ts';
import * as repo from './repository.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export async function loadDemoClaims(
	db: DB,
	input: {
		wsId: string;
		facilitatorId: string;
		/** demo key → user id, and → the organisation they act for */
		people: Map<string, string>;
		orgOf: Map<string, string>;
		boardId: string;
		decisionId: string | null;
		documentVersionId: string | null;
		now: number;
	}
): Promise<void> {
	const workspace = (await findWorkspace(db, input.wsId))!;
	const zone = workspace.timeZone;
	const { now } = input;
	await repo.insertPolicy(db, {
		workspaceId: input.wsId,
		effectiveFrom: addDays(zonedDay(now, zone), -365),
		terms: {
			effectiveFrom: addDays(zonedDay(now, zone), -365),
			levels: [
				{
					key: 'level-2',
					name: 'Level 2: focus groups and workshops',
					description: 'Sharing experience in a group, with preparation.',
					hourlyPence: 1385,
					halfDayPence: null,
					dayPence: null
				},
				{
					key: 'level-4',
					name: 'Level 4: board and strategic roles',
					description: 'Partner members of the board and its working groups.',
					hourlyPence: 2500,
					halfDayPence: 7500,
					dayPence: 15000
				}
			],
			preparationMinutes: 60,
			halfDayUpToMinutes: 240,
			backfillHourlyPence: 3000,
			expenseCategories: [
				{ key: 'travel', name: 'Public transport', basis: 'at_cost', ratePence: null, capPence: null },
				{ key: 'mileage', name: 'Mileage', basis: 'per_mile', ratePence: 45, capPence: 4500 },
				{ key: 'care', name: 'Carer and childcare', basis: 'at_cost', ratePence: null, capPence: 8000 },
				{ key: 'subsistence', name: 'Subsistence', basis: 'at_cost', ratePence: null, capPence: 1000 },
				{ key: 'phone', name: 'Phone or data', basis: 'at_cost', ratePence: null, capPence: 500 }
			],
			timescaleDays: 14,
			advancePayment: false
		},
		retentionYears: 6,
		decisionId: input.decisionId,
		documentVersionId: input.documentVersionId,
		note: 'Adopted at the partnership board; payment in advance to be reviewed within three months.',
		createdBy: input.facilitatorId,
		createdAt: now
	});

	// A working group five weeks ago: two VCSE partners' staff and a lived-experience partner (a guest).
	const startsAt = now - 35 * DAY;
	const group = await meetingRepo.insertMeeting(db, {
		workspaceId: input.wsId,
		title: 'Involvement working group',
		startsAt,
		endsAt: startsAt + 3 * HOUR,
		place: 'Peckham Community Larder, back room',
		createdBy: input.facilitatorId,
		createdAt: startsAt - 7 * DAY,
		updatedAt: startsAt - 7 * DAY
	});
	const attend = async (inv: { id: string }, organisationId: string | null, level: string | null) =>
		invites.upsertAttendance(db, {
			invitationId: inv.id,
			meetingId: group.id,
			status: 'present',
			organisationId,
			level,
			recordedBy: input.facilitatorId,
			recordedAt: startsAt + 3 * HOUR
		});
	for (const key of ['larder', 'alliance']) {
		const user = (await getUser(db, input.people.get(key)!))!;
		const inv = await invites.insertInvitation(db, {
			meetingId: group.id,
			userId: user.id,
			name: user.name,
			email: user.email,
			invitedBy: input.facilitatorId,
			createdAt: startsAt - 7 * DAY
		});
		await attend(inv, input.orgOf.get(key) ?? null, null);
	}
	const guest = await invites.insertInvitation(db, {
		meetingId: group.id,
		userId: null,
		guest: true,
		name: 'Jordan Blake',
		email: 'jordan.blake@demo.example.org',
		invitedBy: input.facilitatorId,
		createdAt: startsAt - 7 * DAY
	});
	await attend(guest, null, 'level-4');

	// The board's guest speaker attended at level 4 too: a draft waits for them.
	const board = (await invites.listInvitees(db, (await meetingRepo.findMeeting(db, input.boardId))!)).find(
		(i) => i.guest
	);
	if (board?.attendance)
		await invites.upsertAttendance(db, {
			invitationId: board.id,
			meetingId: input.boardId,
			status: board.attendance.status,
			organisationId: null,
			level: 'level-4',
			recordedBy: input.facilitatorId,
			recordedAt: board.attendance.recordedAt
		});

	await refreshDrafts(db, workspace, now);
	const drafted = await repo.claimsOfMeeting(db, group.id);
	const submitted = startsAt + DAY;
	for (const c of drafted) {
		const common = { firstSubmittedAt: submitted, submittedAt: submitted, noticeSeenAt: submitted };
		if (c.organisationId === input.orgOf.get('larder')) {
			const paidOn = zonedDay(submitted + 9 * DAY, zone);
			await repo.updateClaim(db, c.id, {
				...common,
				status: 'paid',
				approvedBy: input.facilitatorId,
				approvedByName: 'Facilitator',
				approvedAt: submitted + 5 * DAY,
				paidOn,
				paymentReference: 'BACS 40117'
			});
			for (const [kind, at] of [
				['submitted', submitted],
				['approved', submitted + 5 * DAY],
				['paid', submitted + 9 * DAY]
			] as const)
				await repo.addEvent(db, { claimId: c.id, kind, actorId: input.facilitatorId, at });
		} else if (c.kind === 'individual') {
			await repo.updateClaim(db, c.id, {
				...common,
				status: 'queried',
				question: 'Could you add the bus ticket for the journey home?'
			});
			await repo.addEvent(db, {
				claimId: c.id,
				kind: 'queried',
				actorId: input.facilitatorId,
				text: 'Could you add the bus ticket for the journey home?',
				at: submitted + 3 * DAY
			});
		} else {
			// Submitted five weeks ago and still not approved: overdue.
			await repo.updateClaim(db, c.id, { ...common, status: 'submitted' });
			await repo.addEvent(db, { claimId: c.id, kind: 'submitted', actorId: null, at: submitted });
		}
	}
}
