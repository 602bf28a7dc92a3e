// The minutes template: a meeting's minutes start from its agenda and its attendance, with a place for what was
// discussed, decided and agreed under each item. Names and titles people typed go in as plain text (never read
// as **bold** or links).
import { doc, h, p, type PMNode } from './build.ts';

export type MinutesSource = {
	title: string;
	/** When and where, as the page shows it: "31 Oct 2100, 10:00 GMT, Town hall". */
	when: string;
	present: string[];
	apologies: string[];
	agenda: { title: string; paper: string | null }[];
};

const text = (s: string): PMNode[] | undefined => (s ? [{ type: 'text', text: s }] : undefined);
const plainHeading = (level: 1 | 2, s: string): PMNode => ({
	type: 'heading',
	attrs: { level },
	content: text(s)
});
const plainParagraph = (s: string): PMNode => ({ type: 'paragraph', content: text(s) });
const plainList = (items: string[]): PMNode => ({
	type: 'bulletList',
	content: items.map((i) => ({ type: 'listItem', content: [plainParagraph(i)] }))
});
const people = (items: string[]): PMNode => (items.length ? plainList(items) : p('None recorded.'));

export function minutesContent(m: MinutesSource): PMNode {
	return doc(
		plainHeading(1, `Minutes: ${m.title}`),
		plainParagraph(m.when),
		p(
			'_Draft minutes, for the meeting to agree at its next meeting. Text in [brackets] is to be completed._'
		),
		h(2, 'Present'),
		people(m.present),
		h(2, 'Apologies'),
		people(m.apologies),
		...m.agenda.flatMap((item, i) => [
			plainHeading(2, `${i + 1}. ${item.title}`),
			...(item.paper ? [plainParagraph(`Paper: ${item.paper}`)] : []),
			p('**Discussion:** [ ]'),
			p('**Decided:** [ ] (record each decision in the register, from the meeting’s page)'),
			p('**Actions:** [who, what, by when]')
		]),
		h(2, 'Any other business'),
		p('[ ]'),
		h(2, 'Date of the next meeting'),
		p('[ ]')
	);
}
