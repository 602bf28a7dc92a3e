import { describe, expect, it } from 'vitest';
import { buildEntry, type Entry, type EntryType, type JsonObject } from '../../src/lib/domain/chain.ts';
import { verifyExport } from '../../src/lib/domain/register-record.ts';
import { actionsCsv, atomFeed, decisionsCsv, jsonExport } from '../../src/lib/domain/register-export.ts';
import { project, type RegisterData } from '../../src/lib/domain/register-view.ts';

function chain(items: [EntryType, object][]): Entry[] {
	const out: Entry[] = [];
	for (const [type, payload] of items)
		out.push(
			buildEntry({
				workspace: 'ws',
				previous: out.at(-1) ?? null,
				type,
				at: Date.UTC(2026, 10, 1) + out.length * 1000,
				payload: payload as JsonObject
			})
		);
	return out;
}

const decision = (id: string, title: string, extra: object = {}) => ({
	decision: id,
	title,
	question: 'Q?',
	outcome: 'approved',
	method: 'consensus',
	rationale: 'Because, "obviously",\nit works.',
	decidedAt: '2026-10-30T10:00:00.000Z',
	decidedWhere: '=HYPERLINK("http://evil")',
	document: null,
	vote: null,
	organisations: [{ id: 'o1', name: 'Org & Co <b>', sector: 'vcse' }],
	attendees: [],
	conflicts: [],
	dissentUntil: null,
	supersedes: null,
	actions: [],
	personal: [],
	...extra
});

function data(entries: Entry[]): RegisterData {
	const report = verifyExport({ entries, personal: [] });
	return {
		workspace: { id: 'ws', slug: 'ws-1', name: 'Tom & Jerry "CIC"', timeZone: 'Europe/London' },
		entries,
		personal: [],
		report
	};
}

describe('reading the chain into records', () => {
	it('follows supersessions, dissents and action updates', () => {
		const entries = chain([
			['decision.published', decision('d1', 'First')],
			[
				'action.created',
				{
					action: 'a1',
					decision: 'd1',
					owner: { id: 'o1', name: 'Org', sector: 'vcse' },
					description: 'Do it',
					due: '2026-11-02',
					status: 'planned'
				}
			],
			[
				'dissent.added',
				{
					decision: 'd1',
					dissent: 'x1',
					organisation: { id: 'o1', name: 'Org', sector: 'vcse' },
					statement: 'No',
					author: null,
					personal: []
				}
			],
			['decision.published', decision('d2', 'Second', { supersedes: { decision: 'd1', seq: 1 } })],
			['decision.superseded', { decision: 'd1', supersededBy: 'd2', reason: 'typo' }],
			[
				'action.updated',
				{ action: 'a1', status: 'done', due: '2026-11-02', note: 'Finished', author: null, personal: [] }
			]
		]);
		const { decisions, actions } = project(entries);
		expect(decisions.map((d) => [d.decision, d.supersededBy, d.dissents.length])).toEqual([
			['d1', 'd2', 1],
			['d2', null, 0]
		]);
		expect(actions[0]).toMatchObject({ status: 'done', notes: [{ note: 'Finished' }] });
		// Done actions are never overdue; a planned one past its date is.
		expect(actionsCsv(data(entries), '2026-12-01')).toContain(',done,false,Finished,');
		const planned = chain([
			[
				'action.created',
				{
					action: 'a2',
					decision: null,
					owner: { id: 'o1', name: 'Org', sector: 'vcse' },
					description: 'Late',
					due: '2026-11-02',
					status: 'planned'
				}
			]
		]);
		expect(actionsCsv(data(planned), '2026-12-01')).toContain(',planned,true,');
		expect(actionsCsv(data(planned), '2026-11-02')).toContain(',planned,false,');
	});
});

describe('open-data files', () => {
	const entries = chain([['decision.published', decision('d1', 'Fees <&> "quotes"')]]);

	it('writes CSV with quoting and without spreadsheet formulas', () => {
		const csv = decisionsCsv(data(entries));
		const [header, row] = csv.split('\r\n');
		expect(header.split(',')[0]).toBe('seq');
		expect(row).toContain('"Because, ""obviously"",\nit works."');
		expect(row).toContain(`"'=HYPERLINK(""http://evil"")"`);
		expect(row).toContain(`,${entries[0].hash},1:${entries[0].hash}`);
		expect(csv.endsWith('\r\n')).toBe(true);
	});

	it('escapes the Atom feed and names the chain head', () => {
		const xml = atomFeed(data(entries), 'https://parity.example');
		expect(xml).toContain('<title>Fees &lt;&amp;&gt; &quot;quotes&quot;</title>');
		expect(xml).toContain('<title>Decisions of Tom &amp; Jerry &quot;CIC&quot;</title>');
		expect(xml).toContain(`Chain head 1:${entries[0].hash} · verified: 1 entries`);
		expect(xml).toContain(
			'<link rel="self" type="application/atom+xml" href="https://parity.example/register/ws-1/feed.atom"/>'
		);
		expect(xml).not.toMatch(/<b>/);
	});

	it('builds a JSON export that verifies on its own', () => {
		const exported = JSON.parse(JSON.stringify(jsonExport(data(entries), '2026-11-23T00:00:00.000Z')));
		expect(exported.head).toBe(`1:${entries[0].hash}`);
		expect(verifyExport(exported).ok).toBe(true);
		exported.entries[0].payload.title = 'Changed';
		expect(verifyExport(exported).failure?.seq).toBe(1);
	});
});
