// Turnout per chamber: how many organisations of each chamber have voted, out of how many may. What a vote
// shows while its running totals are hidden. Pure: no storage, no clock.
import { rational, toFigure, type Figure } from './rational.ts';
import type { FrozenElectorateEntry } from './tally.ts';

export type ChamberTurnout = {
	chamber: 'vcse' | 'statutory';
	cast: number;
	eligible: number;
	turnout: Figure | null;
};

/** Turnout in each chamber, from the frozen electorate and the organisations that have a ballot. */
export function turnout(
	electorate: Pick<FrozenElectorateEntry, 'organisationId' | 'sector'>[],
	ballots: { organisationId: string }[]
): ChamberTurnout[] {
	const voted = new Set(ballots.map((r) => r.organisationId));
	return (['vcse', 'statutory'] as const).map((chamber) => {
		const inChamber = electorate.filter((e) => e.sector === chamber);
		const cast = inChamber.filter((e) => voted.has(e.organisationId)).length;
		return {
			chamber,
			cast,
			eligible: inChamber.length,
			turnout: inChamber.length ? toFigure(rational(cast, inChamber.length)) : null
		};
	});
}
