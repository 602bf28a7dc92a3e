// What a membership's role means for the shape of the membership itself (who must act for an organisation,
// who may be a voting delegate, the facilitator a workspace keeps). Role comparisons live in policy/ only.
import type { Role } from '../db/schema/workspaces.ts';

/** Runs the workspace: a facilitator needs no organisation, and a workspace keeps at least one. */
export function isFacilitator(m: { role: Role | string }): boolean {
	return m.role === 'facilitator';
}

/** Reads only: an observer is never a voting delegate. */
export function isObserver(m: { role: Role | string }): boolean {
	return m.role === 'observer';
}

/**
 * Takes part for its organisation — votes as its delegate, answers consultations, updates its actions, and
 * hears about all three: every role but observer.
 */
export function takesPart(m: { role: Role | string }): boolean {
	return !isObserver(m);
}
