// A meeting's board pack as one PDF: the agenda first, then each paper in agenda order at the version pinned
// to its item, each with its own title page (and its own hash in its pages' footers). Whoever sees the
// meeting's agenda sees the same papers here (a visitor only adopted or published ones, queries.ts agendaRows).
import type { Actor } from '../access.ts';
import { getDb } from '../db/index.ts';
import type { DocNode } from '../../domain/render/nodes.ts';
import { sha256Hex } from '../../domain/secrets.ts';
import { formatDate, formatDateTime } from '../../domain/time.ts';
import { getDocument, getVersion } from '../documents/repository.ts';
import { versionBlocks } from '../documents/shape.ts';
import { KIND_LABELS, STATUS_LABELS } from '../documents/schemas.ts';
import { attachment, fileName } from '../documents/export/sheet.ts';
import type { PdfPart } from '../documents/export/pdf.ts';
import { meetingFor, readAgenda } from './queries.ts';

const text = (t: string): DocNode => ({ type: 'text', text: t });
const p = (...parts: string[]): DocNode => ({ type: 'paragraph', content: parts.filter(Boolean).map(text) });

/** The board pack of a meeting the actor may see, as a PDF to download. */
export async function boardPack(actor: Actor, workspaceParam: string, meetingId: string): Promise<Response> {
	const db = getDb();
	const { meeting, workspace, member } = await meetingFor(actor, meetingId, workspaceParam);
	const agenda = await readAgenda(db, meeting, !member);
	const zone = workspace.timeZone;
	const papers: PdfPart[] = [];
	const items: DocNode[] = [];
	for (const [index, item] of agenda.entries()) {
		const lines: DocNode[] = [
			p(
				item.title,
				item.presenter ? ` — ${item.presenter}` : '',
				item.minutes ? ` (${item.minutes} minutes)` : ''
			)
		];
		const doc = item.document && (await getDocument(db, item.document.id));
		const version =
			doc && item.document?.version ? await getVersion(db, doc.id, item.document.version.id) : null;
		if (doc && version) {
			lines.push(p(`Paper: ${doc.title}, version “${version.name}”, SHA-256 ${version.hash}`));
			papers.push({
				sheet: {
					partnership: workspace.name,
					title: doc.title,
					kind: KIND_LABELS[doc.kind],
					status:
						doc.adoptedVersionId === version.id
							? 'Adopted by an approved decision'
							: STATUS_LABELS[doc.status],
					version: version.name,
					date: formatDate(version.createdAt, zone),
					hash: version.hash,
					lang: 'en-GB',
					extra: [['Board pack', `${meeting.title}, item ${index + 1}`]]
				},
				blocks: versionBlocks(version)
			});
		} else if (item.document) lines.push(p(`Paper: ${item.document.title} (no version pinned)`));
		if (item.vote) lines.push(p(`Vote: ${item.vote.question}`));
		items.push({ type: 'listItem', content: lines });
	}
	const agendaBlocks: DocNode[] = [
		{ type: 'heading', attrs: { level: 1 }, content: [text('Agenda')] },
		p(`${formatDateTime(meeting.startsAt, zone)} to ${formatDateTime(meeting.endsAt, zone)}`),
		items.length ? { type: 'orderedList', content: items } : p('The agenda is empty.'),
		p(
			papers.length
				? `${papers.length} ${papers.length === 1 ? 'paper follows' : 'papers follow'}, each at the version pinned to its item.`
				: 'No papers are attached.'
		)
	];
	// The pack's own hash: of its agenda and of each paper's version hash, in order.
	const hash = sha256Hex(
		JSON.stringify({
			agenda: agenda.map((i) => [i.title, i.document?.version?.id ?? null]),
			papers: papers.map((x) => x.sheet.hash)
		})
	);
	const title = `Board pack: ${meeting.title}`;
	const cover: PdfPart = {
		sheet: {
			partnership: workspace.name,
			title,
			kind: 'Board pack',
			status: meeting.status === 'cancelled' ? 'Meeting cancelled' : 'Meeting scheduled',
			version: `Agenda as of ${formatDateTime(Date.now(), zone)}`,
			date: formatDate(meeting.startsAt, zone),
			hash,
			lang: 'en-GB'
		},
		blocks: agendaBlocks
	};
	const { partsToPdf } = await import('../documents/export/pdf.ts');
	const pdf = await partsToPdf([cover, ...papers], title);
	return new Response(new Uint8Array(pdf), {
		headers: {
			'content-type': 'application/pdf',
			'content-disposition': attachment(fileName(title, 'pdf')),
			'cache-control': 'private, no-store'
		}
	});
}
