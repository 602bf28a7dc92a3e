import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { yXmlFragmentToProsemirrorJSON } from '@tiptap/y-tiptap';
import { renderHtml, renderMarkdown, renderText, sectionTitles } from '../../src/lib/domain/content.ts';
import { blankContent, TEMPLATES, type TemplateKey } from '../../src/lib/domain/templates/index.ts';
import { inline } from '../../src/lib/domain/templates/build.ts';
import { contentDoc, writeContent } from '../../src/lib/domain/templates/ydoc.ts';
import { documentSchema } from '../../src/lib/domain/document-schema.ts';

const text = (k: TemplateKey) => renderText(contentDoc(TEMPLATES[k].content));
const all = Object.keys(TEMPLATES) as TemplateKey[];

describe('template to Yjs', () => {
	it('runs in Node without a DOM, through the editor schema, and reads back as the same document', () => {
		expect(typeof (globalThis as { document?: unknown }).document).toBe('undefined');
		for (const key of all) {
			const d = contentDoc(TEMPLATES[key].content);
			const back = yXmlFragmentToProsemirrorJSON(d.getXmlFragment('default'));
			// The schema fills in default attributes; compare the normalised forms.
			const expected = documentSchema().nodeFromJSON(TEMPLATES[key].content).toJSON();
			expect(documentSchema().nodeFromJSON(back).toJSON(), key).toEqual(expected);
		}
	});

	it('refuses content the editor could not hold', () => {
		expect(() => writeContent(new Y.Doc(), { type: 'doc', content: [{ type: 'marquee' }] })).toThrow();
		expect(() =>
			writeContent(new Y.Doc(), { type: 'doc', content: [{ type: 'text', text: 'loose text' }] })
		).toThrow();
	});

	it('a blank document is its title as a heading and an empty paragraph', () => {
		const d = contentDoc(blankContent('Carers’ charter'));
		expect(renderHtml(d)).toBe('<h1>Carers’ charter</h1><p></p>');
	});

	it('writes bold, italic and web links from the outline syntax', () => {
		expect(inline('a **b** _c_ [d](https://example.org/x)')).toEqual([
			{ type: 'text', text: 'a ' },
			{ type: 'text', text: 'b', marks: [{ type: 'bold' }] },
			{ type: 'text', text: ' ' },
			{ type: 'text', text: 'c', marks: [{ type: 'italic' }] },
			{ type: 'text', text: ' ' },
			{ type: 'text', text: 'd', marks: [{ type: 'link', attrs: { href: 'https://example.org/x' } }] }
		]);
		// Only web addresses become links.
		expect(inline('[x](javascript:alert(1))')).toEqual([{ type: 'text', text: '[x](javascript:alert(1))' }]);
	});
});

describe('templates are real starting drafts', () => {
	it('each has headings in order, lists, a table, a sign-off and cited sources', () => {
		for (const key of all) {
			const d = contentDoc(TEMPLATES[key].content);
			const html = renderHtml(d);
			expect(html, key).toMatch(/^<h1>/);
			expect(html.match(/<h1>/g)?.length, key).toBe(1);
			expect(html, key).toContain('<table>');
			expect(html, key).toMatch(/<(ul|ol)>/);
			expect(sectionTitles(d).length, key).toBeGreaterThan(5);
			expect(sectionTitles(d), key).toContain('Sources');
			const links = [...html.matchAll(/<a href="([^"]+)"/g)].map((m) => m[1]);
			expect(links.length, key).toBeGreaterThanOrEqual(3);
			for (const l of links) expect(l, key).toMatch(/^https:\/\/[^\s]+$/);
			// G1: both sectors sign, with a version and a review date.
			const t = renderText(d);
			expect(t, key).toMatch(/VCSE\nStatutory/);
			expect(t, key).toMatch(/Version:/);
			expect(t, key).toMatch(/Review date:/);
			// G2: loaded terms are defined when used.
			for (const term of ['“By and for”', 'Co-production']) expect(t, `${key}: ${term}`).toContain(`${term}`);
			// Markdown export carries the table and the links.
			const md = renderMarkdown(d);
			expect(md, key).toMatch(/\n\| --- \|/);
			expect(md, key).toMatch(/\]\(https:\/\//);
		}
	});

	it('social value: PPN 002, at least 10 %, missions to measures, proportionate, delivered through contracts', () => {
		const t = text('social_value');
		expect(t).toMatch(/PPN 002/);
		expect(t).toMatch(/at least 10 %/);
		for (const mission of [
			'Kick-start economic growth',
			'Make Britain a clean energy superpower',
			'Take back our streets',
			'Break down barriers to opportunity',
			'Build an NHS fit for the future'
		])
			expect(t).toContain(mission);
		expect(t).toMatch(/proportionate/i); // SV3
		expect(t).toMatch(/key performance indicators/); // SV4
		expect(t).toMatch(/reporting cycle/);
		expect(t).toMatch(/Provider Selection Regime/); // SV5
		expect(t).not.toMatch(/COVID-19 recovery/); // SV2: no superseded themes
	});

	it('involvement and reimbursement: expenses, timely payment, dated rates, benefits, tax, levels, cost recovery', () => {
		const t = text('reimbursement');
		expect(t).toMatch(/Travel/); // INV1
		expect(t).toMatch(/Childcare and replacement care/);
		expect(t).toMatch(/within \[10\] working days/); // INV2
		expect(t).toMatch(/in advance/);
		expect(t).toMatch(/effective from \[date\]/); // INV3
		expect(t).toMatch(/reviewed every/);
		expect(t).toMatch(/count as earnings/); // INV4
		expect(t).toMatch(/decline/);
		expect(t).toMatch(/independent welfare-rights advice/);
		expect(t).toMatch(/National Insurance/); // INV5
		expect(t).toMatch(/not employees, workers or agents/);
		expect(t).toMatch(/4 — Partnership/); // INV6
		expect(t).toMatch(/what they need to take part/); // INV7
		expect(t).toMatch(/what difference their involvement made/);
		expect(t).toMatch(/full cost recovery/); // INV8
		expect(t).toMatch(/Who is eligible/);
		expect(t).toMatch(/£\[ \] per hour/); // rates are the partnership's to set
		expect(t).not.toMatch(/£[\d.]+ per/); // no one else's rates quoted as ours
	});

	it('procurement principles: the regime, PSR criteria and processes, standstill, conflicts, records, funding', () => {
		const t = text('procurement_principles');
		expect(t).toMatch(/Provider Selection Regime/); // PR1
		expect(t).toMatch(/Procurement Act 2023/);
		expect(t).toMatch(/grant or a contract/); // PR10
		for (const word of ['declares', 'recorded', 'step back', 'published']) expect(t).toContain(word); // PR2
		for (const criterion of [
			'Quality and innovation',
			'Value',
			'Integration, collaboration and service sustainability',
			'Improving access, reducing health inequalities and facilitating choice',
			'Social value'
		])
			expect(t).toContain(criterion); // PR3
		for (const process of [
			'Direct Award Process A',
			'Direct Award Process B',
			'Direct Award Process C',
			'Most Suitable Provider process',
			'Competitive Process'
		])
			expect(t).toContain(process);
		expect(t).toMatch(/at least 8 working days/); // PR4
		expect(t).toMatch(/regulation 24/); // PR5
		expect(t).toMatch(/regulation 25/);
		expect(t).toMatch(/within 30 days/); // PR6
		expect(t).toMatch(/overheads/); // PR7
		expect(t).toMatch(/lots/); // PR8
		expect(t).toMatch(/market engagement/);
		expect(t).toMatch(/three months’ written notice/); // PR9
		expect(t).toMatch(/12 weeks’ consultation/);
		expect(t).toMatch(/three-year or longer/);
		expect(t).toMatch(/proportionate/i);
	});

	it('commissioning review: scope, questions, evidence, actions into the register', () => {
		const t = text('commissioning_review');
		expect(t).toMatch(/Scope/);
		expect(t).toMatch(/Questions/);
		expect(t).toMatch(/decision register/);
		expect(t).toMatch(/12-month review/);
	});
});
