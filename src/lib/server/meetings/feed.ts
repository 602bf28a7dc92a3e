// A person's calendar feed: the meetings they are invited to, at an address with a secret that they can
// replace (the old address stops working) or turn off. Only the secret's SHA-256 is stored.
import { getDb } from '../db/index.ts';
import { requireUser, requireWriteScope, type Actor } from '../access.ts';
import { NotFound } from '../errors.ts';
import { hashSecret, randomBase32 } from '../../domain/secrets.ts';
import { calendarFeed } from '../../domain/ical.ts';
import { mailConfig } from '../mail/config.ts';
import * as invites from './invitations.ts';

/** The feed's path for a secret. */
export const feedPath = (secret: string) => `/calendar/${secret}.ics`;

/** Whether the person has a feed, and since when. */
export async function feedState(actor: Actor) {
	const user = requireUser(actor);
	const feed = await invites.findFeed(getDb(), user.id);
	return { on: !!feed, since: feed?.createdAt ?? null };
}

/** Makes the person's feed address, replacing any earlier one; returns its path, shown this once. */
export async function renewFeed(actor: Actor): Promise<string> {
	const user = requireUser(actor);
	requireWriteScope(actor);
	const secret = randomBase32(20);
	await invites.setFeed(getDb(), user.id, hashSecret(secret), Date.now());
	return feedPath(secret);
}

/** Turns the person's feed off: its address finds nothing from now on. */
export async function stopFeed(actor: Actor): Promise<void> {
	const user = requireUser(actor);
	requireWriteScope(actor);
	if (!(await invites.deleteFeed(getDb(), user.id))) throw new NotFound();
}

/** The feed at an address (NotFound for an unknown or replaced secret). */
export async function readFeed(secret: string, now = Date.now()): Promise<string> {
	if (!/^[a-z2-7]{20,64}$/.test(secret)) throw new NotFound();
	const db = getDb();
	const owner = await invites.feedOwner(db, hashSecret(secret));
	if (!owner) throw new NotFound();
	const config = mailConfig();
	const organizer = /<([^>]+)>/.exec(config.from)?.[1] ?? config.from;
	const rows = await invites.meetingsInvitedTo(db, owner.userId);
	return calendarFeed(
		`Parity meetings of ${owner.name}`,
		rows.map(({ meeting: m, uid, guest, workspace }) => {
			// A guest has no place in the workspace: their address is the meeting's own page.
			const url = guest
				? `${config.origin}/meetings/${m.id}`
				: `${config.origin}/w/${workspace.slug}/meetings/${m.id}`;
			return {
				uid,
				sequence: m.sequence,
				startsAt: m.startsAt,
				endsAt: m.endsAt,
				title: m.title,
				description: [m.description, m.onlineLink && `Online: ${m.onlineLink}`, url]
					.filter(Boolean)
					.join('\n\n'),
				location: m.place || m.onlineLink,
				url,
				organizer: { name: workspace.name, email: organizer },
				stamp: now,
				cancelled: m.status === 'cancelled'
			};
		})
	);
}
