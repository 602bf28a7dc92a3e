// A consultation's summary as a download: Markdown for reading, CSV for a spreadsheet (one row per
// contribution, cells that a spreadsheet would run as formulas escaped).
import type { DB } from '../db/index.ts';
import { toCsv } from '../../domain/csv.ts';
import { formatDateTime, isoUtc } from '../../domain/time.ts';
import { markdownLine, markdownText } from '../../domain/markdown.ts';
import { listChanges, workspaceZone, type Consultation } from './repository.ts';
import { summary } from './summary.ts';
import { sectorLabel } from '../../domain/labels.ts';

/** ", N of them unconfirmed" when people from a link have not confirmed their email yet. */
function unconfirmedNote(items: { confirmed: boolean }[]): string {
	const n = items.filter((i) => !i.confirmed).length;
	return n ? `, ${n} of them not confirmed (the person has not confirmed their email yet)` : '';
}

export async function summaryMarkdown(db: DB, c: Consultation, documentTitle: string): Promise<string> {
	const zone = await workspaceZone(db, c.workspaceId);
	const { groups, items } = await summary(db, c);
	const lines = [
		`# ${markdownLine(c.title)}`,
		'',
		`Document: ${markdownLine(documentTitle)}  `,
		`Opened ${formatDateTime(c.openedAt, zone)}; ${Date.now() >= c.closesAt ? 'closed' : 'closes'} ${formatDateTime(c.closesAt, zone)} (${zone}).  `,
		...(await listChanges(db, c.id)).map(
			(ch) =>
				`${ch.kind === 'extended' ? 'Extended' : 'Closed early'} ${formatDateTime(ch.at, zone)}, from ${formatDateTime(ch.fromClosesAt, zone)} to ${formatDateTime(ch.toClosesAt, zone)}: ${markdownLine(ch.reason)}  `
		),
		`Content SHA-256 at opening: \`${c.contentHash}\``,
		'',
		'## Questions',
		'',
		...c.questions.map((q, i) => `${i + 1}. ${markdownLine(q)}`),
		'',
		`${items.length} contribution${items.length === 1 ? '' : 's'}${unconfirmedNote(items)}.`
	];
	for (const g of groups) {
		lines.push('', `## ${sectorLabel(g.sector)}`);
		for (const o of g.organisations) {
			lines.push('', `### ${markdownLine(o.name)}${o.verified ? '' : ' (unverified)'}`, '');
			for (const i of o.items) {
				const head =
					i.kind === 'answer'
						? `Answer to “${markdownLine(i.question ?? '')}”`
						: i.kind === 'comment'
							? 'Comment'
							: 'Suggestion';
				const who = `${markdownLine(i.person)}${i.confirmed ? '' : ' (email not confirmed)'}`;
				lines.push(`- **${head}** by ${who}, ${formatDateTime(i.at, zone)}`);
				if (i.passage) lines.push(`  > ${markdownText(i.passage).replace(/\n/g, '\n  > ')}`);
				lines.push(`  ${markdownText(i.text).replace(/\n/g, '\n  ')}`);
			}
		}
	}
	return lines.join('\n') + '\n';
}

export async function summaryCsv(db: DB, c: Consultation): Promise<string> {
	const header = [
		'sector',
		'organisation',
		'organisation_verified',
		'person',
		'person_email_confirmed',
		'kind',
		'question',
		'passage',
		'text',
		'at_utc'
	];
	const rows: string[][] = [];
	for (const g of (await summary(db, c)).groups)
		for (const o of g.organisations)
			for (const i of o.items)
				rows.push([
					g.sector ?? '',
					o.name,
					o.verified ? 'yes' : 'no',
					i.person,
					i.confirmed ? 'yes' : 'no',
					i.kind,
					i.question ?? '',
					i.passage ?? '',
					i.text,
					isoUtc(i.at)
				]);
	return toCsv(header, rows);
}

/** The summary as a file to download (`consultation-<id>.md` or `.csv`). */
export async function summaryDownload(
	db: DB,
	c: Consultation,
	documentTitle: string,
	format: 'md' | 'csv'
): Promise<Response> {
	const [body, type] =
		format === 'md'
			? [await summaryMarkdown(db, c, documentTitle), 'text/markdown']
			: [await summaryCsv(db, c), 'text/csv'];
	return new Response(body, {
		headers: {
			'content-type': `${type}; charset=utf-8`,
			'content-disposition': `attachment; filename="consultation-${c.id}.${format}"`
		}
	});
}
