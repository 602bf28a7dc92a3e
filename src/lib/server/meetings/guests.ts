// A guest's way in (docs/meetings.md): the personal link in their invitation email, `/guest/<secret>`. Only the
// secret's SHA-256 is stored. Opened by someone with no account, it makes a guest account for exactly the
// invited email (no role in any workspace: it sees the meetings it is invited to), signs them in and links the
// invitation; if the address has an account already, its owner signs in and the link joins the invitation to it.
// The link does this once, and not after the meeting is cancelled or ended 30 days ago.
import { and, eq, isNull } from 'drizzle-orm';
import { affected, getDb, one, transaction, type DB } from '../db/index.ts';
import { meetingInvitations, meetings, workspaces } from '../db/schema/index.ts';
import { hashSecret, randomBase32 } from '../../domain/secrets.ts';
import { findUserByEmail, insertUser, prepareUser, UserInputError, type User } from '../users.ts';
import { requireUser, requireWriteScope, type Actor } from '../access.ts';
import { Conflict, Forbidden, Gone, Invalid, NotFound } from '../errors.ts';
import { WindowLimiter } from '../limiter.ts';
import * as invites from './invitations.ts';

/** How long after the meeting's end its guests' links still work. */
export const LINK_GRACE_MS = 30 * 24 * 60 * 60 * 1000;
/** A link's secret as `newGuestLink` makes it: 20 random bytes in lower-case base32. */
const SECRET = /^[a-z2-7]{32}$/;

/** A new link: its secret (for the email, never stored) and the hash that is stored. */
export function newGuestLink(): { secret: string; hash: string } {
	const secret = randomBase32(20);
	return { secret, hash: hashSecret(secret) };
}

export const guestLinkPath = (secret: string) => `/guest/${secret}`;

export type LinkState = 'open' | 'used' | 'expired' | 'cancelled';

export function linkState(
	invitation: { linkUsedAt: number | null },
	meeting: { status: string; endsAt: number },
	now = Date.now()
): LinkState {
	if (meeting.status === 'cancelled') return 'cancelled';
	if (now >= meeting.endsAt + LINK_GRACE_MS) return 'expired';
	if (invitation.linkUsedAt !== null) return 'used';
	return 'open';
}

const REFUSAL: Record<Exclude<LinkState, 'open'>, string> = {
	used: 'This link has been used already. Sign in with your email address to see the meeting.',
	expired: 'This link has expired: the meeting ended more than 30 days ago.',
	cancelled: 'This meeting has been cancelled, so its invitation link no longer works.'
};

// Lookups, account creation and linking, per address: a link's secret cannot be guessed, but a stranger
// should not be able to try.
const attempts = new WindowLimiter(60, 15 * 60 * 1000);

function limit(ip: string): void {
	attempts.take(ip, (s) => `Too many attempts. Wait ${s} seconds and try again.`);
}

async function findLink(db: DB, secret: string) {
	if (!SECRET.test(secret)) return undefined;
	return one(
		await db
			.select({
				invitation: meetingInvitations,
				meeting: meetings,
				workspace: { name: workspaces.name, timeZone: workspaces.timeZone }
			})
			.from(meetingInvitations)
			.innerJoin(meetings, eq(meetings.id, meetingInvitations.meetingId))
			.innerJoin(workspaces, eq(workspaces.id, meetings.workspaceId))
			.where(eq(meetingInvitations.linkHash, hashSecret(secret)))
			.limit(1)
	);
}

type Found = NonNullable<Awaited<ReturnType<typeof findLink>>>;

/** The link's invitation, or NotFound (a wrong secret, or an invitation withdrawn with its meeting). */
async function requireLink(db: DB, secret: string, ip: string): Promise<Found> {
	limit(ip);
	const found = await findLink(db, secret);
	if (!found) throw new NotFound('This invitation link is not valid.');
	return found;
}

function requireOpen(found: Found, now: number): void {
	const state = linkState(found.invitation, found.meeting, now);
	if (state !== 'open') throw new Gone(REFUSAL[state], `link_${state}`);
}

/**
 * What the link's page shows: the meeting and who it is for, and whether that address has an account. `mine`:
 * the signed-in person's invitation is linked already (the page sends them to the meeting). Gone once the link
 * can no longer be used.
 */
export async function openGuestLink(actor: Actor, secret: string, ip: string, now = Date.now()) {
	const db = getDb();
	const found = await requireLink(db, secret, ip);
	const { invitation, meeting, workspace } = found;
	const mine = !!actor.user && invitation.userId === actor.user.id;
	if (!mine) requireOpen(found, now);
	return {
		mine,
		meetingId: meeting.id,
		meeting: { title: meeting.title, startsAt: meeting.startsAt, endsAt: meeting.endsAt },
		workspace,
		name: invitation.name,
		email: invitation.email,
		hasAccount: !!(await findUserByEmail(db, invitation.email)),
		signedInAs: actor.user?.email ?? null
	};
}

/**
 * Joins the invitation, and the address's other invitations not yet linked to an account, to the user, and
 * marks the link used; Gone when someone used it first.
 */
async function link(db: DB, found: Found, userId: string, now: number): Promise<void> {
	const r = await db
		.update(meetingInvitations)
		.set({ userId, linkUsedAt: now })
		.where(and(eq(meetingInvitations.id, found.invitation.id), isNull(meetingInvitations.linkUsedAt)));
	if (affected(r) !== 1) throw new Gone(REFUSAL.used, 'link_used');
	await db
		.update(meetingInvitations)
		.set({ userId })
		.where(and(eq(meetingInvitations.email, found.invitation.email), isNull(meetingInvitations.userId)));
}

/**
 * Makes a guest account for the invited address (the name as typed, a password typed twice), links the
 * invitation and returns the new user, whom the caller signs in. Conflict when the address has an account.
 */
export async function joinAsGuest(
	secret: string,
	input: { name: string; password: string; confirm: string },
	ip: string,
	now = Date.now()
): Promise<{ user: User; meetingId: string }> {
	const db = getDb();
	const found = await requireLink(db, secret, ip);
	requireOpen(found, now);
	const email = found.invitation.email;
	const exists = 'An account with this address exists: sign in to open your invitation.';
	if (await findUserByEmail(db, email)) throw new Conflict(exists, 'account_exists');
	if (input.password !== input.confirm)
		throw new Invalid('The passwords do not match.', { confirm: 'The passwords do not match.' });
	let user: User;
	try {
		user = await prepareUser(db, { email, name: input.name, password: input.password });
	} catch (e) {
		if (e instanceof UserInputError) throw new Invalid(e.message, { [e.field]: e.message });
		throw e;
	}
	await transaction(db, async () => {
		try {
			await insertUser(db, user);
		} catch (e) {
			if (e instanceof UserInputError) throw new Conflict(exists, 'account_exists');
			throw e;
		}
		await link(db, found, user.id, now);
	});
	return { user, meetingId: found.meeting.id };
}

/**
 * Links the invitation to the signed-in person's account (theirs must be the invited address) and returns the
 * meeting's id. Opening one's own, already linked link again just returns it.
 */
export async function claimGuestLink(actor: Actor, secret: string, ip: string, now = Date.now()) {
	const user = requireUser(actor);
	const db = getDb();
	const found = await requireLink(db, secret, ip);
	if (found.invitation.userId === user.id) return found.meeting.id;
	requireOpen(found, now);
	if (user.email !== found.invitation.email)
		throw new Forbidden(
			`This invitation is for ${found.invitation.email}. Sign out, then open the link again and sign in with that address.`
		);
	await transaction(db, () => link(db, found, user.id, now));
	return found.meeting.id;
}

/** Whether the person gets day-before reminders of the meetings they are invited to as a guest. */
export async function guestReminders(actor: Actor): Promise<boolean> {
	return !(await invites.remindersOff(getDb(), requireUser(actor).id));
}

/** Turns the person's guest reminders on or off (the reminder's unsubscribe link turns them off too). */
export async function setGuestReminders(actor: Actor, on: boolean): Promise<void> {
	const user = requireUser(actor);
	requireWriteScope(actor);
	await invites.setReminders(getDb(), user.id, on);
}
