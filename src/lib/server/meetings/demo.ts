// The demo partnership's meetings: the past partnership board that adopted the involvement policy (its agenda,
// attendance, minutes and the decision made there) and the next one, with its agenda. Written straight to the
// tables (no invitation is emailed to demo accounts).
import { inArray } from 'drizzle-orm';
import type { DB } from '../db/index.ts';
import { users } from '../db/schema/index.ts';
import { createMinutes } from './commands.ts';
import * as repo from './repository.ts';
import * as invites from './invitations.ts';

const HOUR = 3_600_000;

export type DemoMeetings = { past: repo.Meeting; next: repo.Meeting };

/**
 * `people`: demo key → user id; `orgOf`: demo key → the organisation they act for. `boardAt`: when the past
 * board met; the paper, vote and consultation it and the next meeting take up.
 */
export async function loadDemoMeetings(
	db: DB,
	input: {
		wsId: string;
		timeZone: string;
		facilitatorId: string;
		people: Map<string, string>;
		orgOf: Map<string, string>;
		boardAt: number;
		nextAt: number;
		paper: { documentId: string; versionId: string };
		vote: string;
		openVote: string;
		nextPaper: string;
	}
): Promise<DemoMeetings> {
	const at = Date.now();
	const rows = await db
		.select({ id: users.id, name: users.name, email: users.email })
		.from(users)
		.where(inArray(users.id, [...input.people.values(), input.facilitatorId]));
	const byId = new Map(rows.map((u) => [u.id, u]));
	const meeting = async (title: string, startsAt: number, place: string) =>
		await repo.insertMeeting(db, {
			workspaceId: input.wsId,
			title,
			startsAt,
			endsAt: startsAt + 2 * HOUR,
			place,
			onlineLink: 'https://meet.example.org/riverside-partnership-board',
			description:
				'Papers are linked from the agenda. Travel and care costs are paid under the involvement policy.',
			createdBy: input.facilitatorId,
			createdAt: at,
			updatedAt: at
		});
	const invite = async (meetingId: string, userId: string) => {
		const u = byId.get(userId)!;
		return await invites.insertInvitation(db, {
			meetingId,
			userId,
			name: u.name,
			email: u.email,
			invitedBy: input.facilitatorId,
			createdAt: at
		});
	};

	const past = await meeting('Partnership board', input.boardAt, 'Riverside Community Centre, Mill Lane');
	for (const item of [
		{ title: 'Welcome, apologies and declarations of interest', presenter: 'Chair', minutes: 10 },
		{
			title: 'Involvement and reimbursement policy',
			presenter: 'VCSE Alliance',
			minutes: 45,
			documentId: input.paper.documentId,
			documentVersionId: input.paper.versionId
		},
		{ title: 'The vote on the policy: result', presenter: 'Facilitator', minutes: 15, voteId: input.vote },
		{ title: 'Any other business', minutes: 10 }
	])
		await repo.appendItem(db, { meetingId: past.id, ...item, createdAt: at });
	const guest = await invites.insertInvitation(db, {
		meetingId: past.id,
		userId: null,
		guest: true,
		name: 'Dr Ama Owusu',
		email: 'ama.owusu@demo.example.org',
		invitedBy: input.facilitatorId,
		createdAt: at
	});
	const apologies = new Set(['refugee']);
	const everyone = [...input.people.entries()];
	for (const [key, userId] of everyone) {
		const invitation = await invite(past.id, userId);
		await invites.upsertAttendance(db, {
			invitationId: invitation.id,
			meetingId: past.id,
			status: apologies.has(key) ? 'apologies' : 'present',
			organisationId: input.orgOf.get(key) ?? null,
			recordedBy: input.facilitatorId,
			recordedAt: input.boardAt + 2 * HOUR
		});
	}
	const chair = await invite(past.id, input.facilitatorId);
	for (const invitationId of [chair.id, guest.id])
		await invites.upsertAttendance(db, {
			invitationId,
			meetingId: past.id,
			status: 'present',
			organisationId: null,
			recordedBy: input.facilitatorId,
			recordedAt: input.boardAt + 2 * HOUR
		});
	await createMinutes(db, past, input.timeZone, input.facilitatorId);

	const next = await meeting('Partnership board', input.nextAt, 'Town Hall, Committee Room 2');
	for (const item of [
		{ title: 'Welcome and apologies', presenter: 'Chair', minutes: 10 },
		{
			title: 'Social value policy: first reading',
			presenter: 'CVS',
			minutes: 40,
			documentId: input.nextPaper
		},
		{ title: 'The vote on the social value policy', minutes: 15, voteId: input.openVote },
		{ title: 'Progress on the actions agreed in the spring', presenter: 'ICB', minutes: 20 }
	]) {
		const version = item.documentId ? await repo.latestVersion(db, item.documentId) : undefined;
		await repo.appendItem(db, {
			meetingId: next.id,
			...item,
			documentId: version ? item.documentId : null,
			documentVersionId: version?.id ?? null,
			createdAt: at
		});
	}
	for (const userId of [...input.people.values(), input.facilitatorId]) await invite(next.id, userId);
	return { past: (await repo.findMeeting(db, past.id))!, next };
}
