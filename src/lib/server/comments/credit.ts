// How the update log names the author of an accepted suggestion.

/** How the update log names a person from a public consultation link: `guest:<consultation_guests.id>`. */
export const GUEST_CREDIT = 'guest:';

/**
 * Who a suggestion's change is credited to in the update log (`collab_updates.user_id`): its author's user
 * id, or `guest:<id>` for a person who came through a public consultation link (they have no user account).
 */
export function creditFor(s: { authorId: string | null; guestId: string | null }): string | null {
	if (s.authorId) return s.authorId;
	return s.guestId ? `${GUEST_CREDIT}${s.guestId}` : null;
}
