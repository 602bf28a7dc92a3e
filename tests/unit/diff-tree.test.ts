import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
	changesOnly,
	diffBlocks,
	diffTreeStats,
	hasChanges,
	type DiffNode
} from '../../src/lib/domain/diff-tree.ts';
import { fromJSON } from '../../src/lib/domain/render/tree.ts';
import { renderDiff } from '../../src/lib/domain/render/html.ts';
import { nodeText, type DocNode } from '../../src/lib/domain/render/nodes.ts';
import { doc, h, p, table, ul, type PMNode } from '../../src/lib/domain/templates/build.ts';

const blocks = (...content: PMNode[]) => fromJSON(doc(...content));

function join(nodes: DocNode[]): DocNode[] {
	const out: DocNode[] = [];
	for (const n of nodes) {
		const last = out[out.length - 1];
		if (n.type === 'text' && last?.type === 'text' && JSON.stringify(last.marks) === JSON.stringify(n.marks))
			out[out.length - 1] = { ...last, text: last.text! + n.text! };
		else out.push(n);
	}
	return out;
}

/** One side of a comparison, rebuilt from it. */
function rebuild(diff: DiffNode[], side: 'before' | 'after'): DocNode[] {
	const own = side === 'after' ? 'insert' : 'delete';
	return diff.flatMap((d): DocNode[] => {
		if (d.op === 'equal' || d.op === own) return [d.node];
		if (d.op !== 'change') return [];
		const content =
			'inline' in d
				? join(d.inline.filter((x) => x.op === 'equal' || x.op === own).map((x) => x.node))
				: rebuild(d.children, side);
		const node: DocNode = { type: d.type };
		if (d.attrs) node.attrs = d.attrs;
		if (content.length) node.content = content;
		return [node];
	});
}

describe('comparing versions block by block', () => {
	const before = blocks(
		h(1, 'Payments'),
		p('Pay volunteers within **30** days.'),
		ul('Travel', 'Childcare'),
		table(['Level', 'Rate'], ['1', '£10'], ['2', '£20']),
		h(2, 'Expenses'),
		p('Keep receipts.')
	);

	it('finds nothing between identical versions', () => {
		const diff = diffBlocks(before, before);
		expect(diff.every((d) => d.op === 'equal')).toBe(true);
		expect(hasChanges(diff)).toBe(false);
		expect(diffTreeStats(diff)).toEqual({ added: 0, removed: 0 });
	});

	it('compares a changed paragraph word by word and keeps its marks', () => {
		const after = [...before];
		after[1] = blocks(p('Pay volunteers within **10** days.'))[0];
		const diff = diffBlocks(before, after);
		expect(diff.map((d) => d.op)).toEqual(['equal', 'change', 'equal', 'equal', 'equal', 'equal']);
		expect(diff[1]).toEqual({
			op: 'change',
			type: 'paragraph',
			attrs: undefined,
			inline: [
				{ op: 'equal', node: { type: 'text', text: 'Pay volunteers within ' } },
				{ op: 'delete', node: { type: 'text', text: '30', marks: [{ type: 'bold' }] } },
				{ op: 'insert', node: { type: 'text', text: '10', marks: [{ type: 'bold' }] } },
				{ op: 'equal', node: { type: 'text', text: ' days.' } }
			]
		});
		expect(renderDiff([diff[1]])).toBe(
			'<div class="diff-block diff-change"><p class="diff-change">Pay volunteers within ' +
				'<del><span class="visually-hidden">[removed: </span><strong>30</strong><span class="visually-hidden">]</span></del>' +
				'<ins><span class="visually-hidden">[added: </span><strong>10</strong><span class="visually-hidden">]</span></ins>' +
				' days.</p></div>'
		);
		expect(diffTreeStats(diff)).toEqual({ added: 1, removed: 1 });
	});

	it('keeps a table a table: a changed cell is compared inside its row, the other rows stay as they were', () => {
		const after = [...before];
		after[3] = blocks(table(['Level', 'Rate'], ['1', '£10'], ['2', '£25']))[0];
		const diff = diffBlocks(before, after);
		const t = diff[3];
		expect(t.op).toBe('change');
		if (t.op !== 'change' || !('children' in t)) throw new Error('a table compared inside');
		expect(t.children.map((r) => r.op)).toEqual(['equal', 'equal', 'change']);
		const html = renderDiff([t]);
		// One table, three rows, two cells each: the change sits in its cell.
		expect(html.match(/<table>/g)).toHaveLength(1);
		expect(html.match(/<tr/g)).toHaveLength(3);
		expect(html.match(/<t[dh][ >]/g)).toHaveLength(6);
		expect(html).toContain(
			'<td class="diff-change"><p class="diff-change">£<del><span class="visually-hidden">[removed: </span>20<span class="visually-hidden">]</span></del>' +
				'<ins><span class="visually-hidden">[added: </span>25<span class="visually-hidden">]</span></ins></p></td>'
		);
		expect(html).toContain('role="region" aria-label="Table: Level, Rate"');
	});

	it('shows an added list item as an item of the list, and a removed block whole', () => {
		const after = blocks(
			h(1, 'Payments'),
			p('Pay volunteers within **30** days.'),
			ul('Travel', 'Interpreters', 'Childcare'),
			table(['Level', 'Rate'], ['1', '£10'], ['2', '£20']),
			h(2, 'Expenses')
		);
		const diff = diffBlocks(before, after);
		expect(diff.map((d) => d.op)).toEqual(['equal', 'equal', 'change', 'equal', 'equal', 'delete']);
		const html = renderDiff(diff);
		expect(html).toContain(
			'<ul class="diff-change"><li><p>Travel</p></li><li class="diff-insert"><p><ins><span class="visually-hidden">[added: </span>Interpreters'
		);
		expect(html).toContain(
			'<div class="diff-block diff-delete"><p class="diff-delete"><del><span class="visually-hidden">[removed: </span>Keep receipts.'
		);
		expect(diffTreeStats(diff)).toEqual({ added: 1, removed: 2 });
	});

	it('pairs an edited paragraph with its new wording, not with a paragraph added before it', () => {
		const a = blocks(p('Volunteers are paid for their time at the agreed rate.'));
		const b = blocks(
			p('A new opening paragraph.'),
			p('Volunteers are paid for their time at the local rate.')
		);
		expect(diffBlocks(a, b).map((d) => d.op)).toEqual(['insert', 'change']);
	});

	it('shows changes only: changed blocks under their section’s heading, the rest counted', () => {
		const after = [...before];
		after[5] = blocks(p('Keep all receipts.'))[0];
		const only = changesOnly(diffBlocks(before, after));
		expect(only.map((d) => d.op)).toEqual(['skip', 'equal', 'change']);
		expect(only[0]).toEqual({ op: 'skip', count: 4 });
		const html = renderDiff(only, { headingOffset: 1 });
		expect(html).toMatch(/^<p class="diff-skip">4 unchanged parts not shown<\/p><h3>Expenses<\/h3>/);
		expect(html).not.toContain('Travel');
		// A changed heading is itself the heading of its section.
		const renamed = [...before];
		renamed[4] = blocks(h(2, 'Expenses and receipts'))[0];
		renamed[5] = blocks(p('Keep all receipts.'))[0];
		expect(changesOnly(diffBlocks(before, renamed)).map((d) => d.op)).toEqual(['skip', 'change', 'change']);
	});

	it('rebuilds both versions from the comparison, whatever the edits', () => {
		const word = fc.constantFrom('pay', 'the', 'volunteers', 'on', 'time', '30', 'days', ',', '.');
		const inline = fc
			.array(fc.record({ text: fc.array(word, { minLength: 1, maxLength: 4 }), bold: fc.boolean() }), {
				maxLength: 3
			})
			.map((runs) =>
				runs.map((r): PMNode => ({
					type: 'text',
					text: r.text.join(' '),
					marks: r.bold ? [{ type: 'bold' }] : undefined
				}))
			);
		const para = inline.map((content): PMNode => ({ type: 'paragraph', content }));
		const block = fc.oneof(
			para,
			inline.map((content): PMNode => ({ type: 'heading', attrs: { level: 2 }, content })),
			fc.array(para, { minLength: 1, maxLength: 3 }).map((ps): PMNode => ({
				type: 'bulletList',
				content: ps.map((x) => ({ type: 'listItem', content: [x] }))
			})),
			fc
				.array(fc.array(para, { minLength: 2, maxLength: 2 }), { minLength: 1, maxLength: 3 })
				.map((rows): PMNode => ({
					type: 'table',
					content: rows.map((cells) => ({
						type: 'tableRow',
						content: cells.map((c) => ({ type: 'tableCell', content: [c] }))
					}))
				}))
		);
		const version = fc.array(block, { maxLength: 6 }).map((content) => fromJSON(doc(...content)));
		fc.assert(
			fc.property(version, version, (a, b) => {
				const diff = diffBlocks(a, b);
				expect(rebuild(diff, 'after')).toEqual(b);
				const before = rebuild(diff, 'before');
				expect(before.map(nodeText)).toEqual(a.map(nodeText));
				expect(before.map((x) => x.type)).toEqual(a.map((x) => x.type));
				expect(hasChanges(diff)).toBe(JSON.stringify(a) !== JSON.stringify(b));
			}),
			{ numRuns: 200 }
		);
	});
});
