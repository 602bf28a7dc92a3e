import { describe, expect, it } from 'vitest';
import {
	buildEntry,
	newSalt,
	personalDigest,
	type Entry,
	type JsonObject
} from '../../src/lib/domain/chain.ts';
import {
	EXPORT_FORMAT,
	checkPublishedVote,
	publishedResult,
	verifyExport,
	type ExportedPersonal,
	type PersonalPart,
	type PublishedVote
} from '../../src/lib/domain/register-record.ts';
import { freezeElectorate, tally, type Choice } from '../../src/lib/domain/tally.ts';
import { DEFAULT_RULE } from '../../src/lib/domain/vote-rule.ts';

/** The worked example of shared/DESIGN.md: passes with 2/3 overall. */
function workedExample(): PublishedVote {
	const orgs = [
		{ id: 's1', sector: 'statutory', choice: 'for' },
		{ id: 's2', sector: 'statutory', choice: 'for' },
		{ id: 's3', sector: 'statutory', choice: 'for' },
		{ id: 'g1', sector: 'vcse', grassroots: true, choice: 'against' },
		{ id: 'g2', sector: 'vcse', grassroots: true, choice: 'against' },
		{ id: 'b1', sector: 'vcse', byAndFor: true, choice: 'for' },
		{ id: 'v1', sector: 'vcse', choice: 'for' },
		{ id: 'v2', sector: 'vcse', choice: 'against' },
		{ id: 'v3', sector: 'vcse', choice: 'against' }
	] as const;
	const electorate = freezeElectorate(
		orgs.map((o) => ({
			organisationId: o.id,
			name: `Org ${o.id}`,
			sector: o.sector,
			grassroots: 'grassroots' in o,
			byAndFor: 'byAndFor' in o
		})),
		DEFAULT_RULE
	);
	const ballots = orgs.map((o) => ({ organisationId: o.id, choice: o.choice as Choice }));
	const result = tally(electorate, ballots, DEFAULT_RULE);
	return {
		id: 'v',
		question: 'Adopt the policy?',
		openedAt: '2026-11-01T09:00:00.000Z',
		closedAt: '2026-11-08T09:00:00.000Z',
		closedReason: 'scheduled',
		rule: { ...DEFAULT_RULE, shares: { ...DEFAULT_RULE.shares } },
		electorate,
		ballots: ballots.map((b) => ({
			...b,
			organisationName: `Org ${b.organisationId}`,
			statement: '',
			assisted: false,
			castAt: '2026-11-02T09:00:00.000Z',
			voter: null,
			assistedBy: null
		})),
		result: JSON.parse(JSON.stringify(publishedResult(result)))
	};
}

describe('recomputing a published tally', () => {
	it('matches the worked example and names a changed ballot, weight or figure', () => {
		const vote = workedExample();
		expect(vote.result.passes).toBe(true);
		expect(vote.result.overall?.fraction).toBe('2/3');
		expect(checkPublishedVote(vote)).toBeNull();

		const flipped = structuredClone(vote);
		flipped.ballots[3].choice = 'for';
		expect(checkPublishedVote(flipped)).toMatch(/differs from the published one at result\./);

		const heavier = structuredClone(vote);
		heavier.electorate[6].weight = '3/2';
		expect(checkPublishedVote(heavier)).toMatch(/organisation v1 is recorded with weight 3\/2/);

		const figure = structuredClone(vote);
		figure.result.overall = { fraction: '7/10', display: '0.667' };
		expect(checkPublishedVote(figure)).toMatch(/result\.overall\.fraction/);

		// A rounded display value is for people; only fractions are compared.
		const display = structuredClone(vote);
		display.result.overall = { fraction: '2/3', display: '0.7' };
		expect(checkPublishedVote(display)).toBeNull();

		const stranger = structuredClone(vote);
		stranger.ballots.push({ ...stranger.ballots[0], organisationId: 'nobody' });
		expect(checkPublishedVote(stranger)).toMatch(/cannot be tallied/);
	});
});

function exportOf(entries: Entry[], personal: ExportedPersonal[]) {
	return {
		format: EXPORT_FORMAT,
		workspace: { id: 'ws', slug: 'ws', name: 'Workspace' },
		generatedAt: '2026-11-23T00:00:00.000Z',
		head: `${entries.at(-1)!.seq}:${entries.at(-1)!.hash}`,
		entries,
		personal
	};
}

describe('verifying an export', () => {
	const voter: PersonalPart = { role: 'voter', name: 'Sam Example', organisation: 'Org g1' };
	const salt = newSalt();
	const digest = personalDigest(salt, voter);

	function chain(): Entry[] {
		const vote = workedExample();
		vote.ballots[3].voter = digest;
		const at = Date.UTC(2026, 10, 9);
		const first = buildEntry({
			workspace: 'ws',
			previous: null,
			type: 'decision.published',
			at,
			payload: { decision: 'd1', method: 'vote', vote, personal: [digest] } as unknown as JsonObject
		});
		const second = buildEntry({
			workspace: 'ws',
			previous: first,
			type: 'action.created',
			at: at + 1000,
			payload: { action: 'a1' }
		});
		return [first, second];
	}

	it('verifies the chain, the tally and the personal digests', () => {
		const report = verifyExport(exportOf(chain(), [{ seq: 1, digest, salt, data: voter }]));
		expect(report).toMatchObject({ ok: true, count: 2, tallies: 1, personal: 1, failure: null });
	});

	it('fails when personal details were altered or do not belong to the entry', () => {
		const altered = verifyExport(
			exportOf(chain(), [{ seq: 1, digest, salt, data: { ...voter, name: 'Someone' } }])
		);
		expect(altered.ok).toBe(false);
		expect(altered.failure?.message).toMatch(/have been altered/);
		const elsewhere = verifyExport(exportOf(chain(), [{ seq: 2, digest, salt, data: voter }]));
		expect(elsewhere.failure?.message).toMatch(/not referred to by entry 2/);
	});

	it('accepts a redaction and refuses redacted details that are still published', () => {
		const entries = chain();
		entries.push(
			buildEntry({
				workspace: 'ws',
				previous: entries[1],
				type: 'personal.redacted',
				at: Date.UTC(2026, 10, 10),
				payload: { entries: [{ seq: 1, digest }], reason: 'Lawful request' }
			})
		);
		expect(verifyExport(exportOf(entries, [])).ok).toBe(true);
		const leaked = verifyExport(exportOf(entries, [{ seq: 1, digest, salt, data: voter }]));
		expect(leaked.failure?.message).toMatch(/were redacted but are still published/);
		// A redaction must point at details that an earlier entry really holds.
		const bogus = chain();
		bogus.push(
			buildEntry({
				workspace: 'ws',
				previous: bogus[1],
				type: 'personal.redacted',
				at: Date.UTC(2026, 10, 10),
				payload: { entries: [{ seq: 2, digest }], reason: 'x' }
			})
		);
		const report = verifyExport(exportOf(bogus, []));
		expect(report.failure).toMatchObject({ seq: 3, reason: 'content' });
	});

	it('fails a re-hashed chain whose tally no longer adds up, naming the entry', () => {
		const entries = chain();
		const vote = (entries[0].payload as unknown as { vote: PublishedVote }).vote;
		vote.ballots[3].choice = 'for';
		const forged = buildEntry({
			workspace: 'ws',
			previous: null,
			type: 'decision.published',
			at: Date.UTC(2026, 10, 9),
			payload: entries[0].payload
		});
		const report = verifyExport(exportOf([forged], []));
		expect(report.failure).toMatchObject({ index: 0, seq: 1, reason: 'content' });
		expect(report.failure?.message).toMatch(/^Entry 1: the recomputed tally differs/);
	});

	it('checks the stated head and a kept head', () => {
		const entries = chain();
		const x = exportOf(entries, [{ seq: 1, digest, salt, data: voter }]);
		expect(verifyExport({ ...x, head: `1:${entries[0].hash}` }).failure?.reason).toBe('head');
		expect(verifyExport(x, { expectedHead: `1:${entries[0].hash}` }).ok).toBe(true);
		expect(verifyExport(x, { expectedHead: `1:${'0'.repeat(64)}` }).failure?.reason).toBe('head');
		expect(verifyExport({ nothing: true }).failure?.message).toMatch(/no "entries" list/);
	});
});
