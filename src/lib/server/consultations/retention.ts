// The names and emails of people from public links are kept 12 months after their consultation closes, then
// deleted by the mail worker's hourly round; what they said stays, attributed to their organisation.
import type { DB } from '../db/index.ts';
import { deleteGuestDetails } from './repository.ts';

/** How long a person's name and email are kept after their consultation closes (12 months). */
export const KEEP_GUEST_DETAILS_MS = 365 * 24 * 60 * 60_000;

/** Deletes the name and email of people from links whose consultation closed 12 months ago or more. */
export async function deleteOldGuestDetails(db: DB, now = Date.now()): Promise<number> {
	return await deleteGuestDetails(db, now - KEEP_GUEST_DETAILS_MS, now);
}
