/**
 * The register's downloads (rate-limited, built in the worker, CORS-open for public workspaces) and the
 * period of the review.
 */
import { figures } from '../claims/queries.ts';
import { quarterOf } from '../../domain/ledger.ts';
import { paymentsCsvLines, paymentsMarkdown } from '../../domain/review-payments.ts';
import { getDb } from '../db/index.ts';
import type { Actor } from '../access.ts';
import * as jobs from './jobs.ts';
import type { ExportFormat } from './read.ts';
import { readAccess, registerHeaders } from './queries.ts';
import { REVIEW_COLUMNS } from '../../domain/register-review.ts';
import { todayIn } from '../../domain/action-dates.ts';
import { dateOnly } from '../../domain/time.ts';

const TYPES: Record<ExportFormat, string> = {
	json: 'application/json; charset=utf-8',
	'decisions.csv': 'text/csv; charset=utf-8',
	'ballots.csv': 'text/csv; charset=utf-8',
	'actions.csv': 'text/csv; charset=utf-8',
	atom: 'application/atom+xml; charset=utf-8',
	'review.md': 'text/markdown; charset=utf-8',
	'review.csv': 'text/csv; charset=utf-8'
};

const NAMES: Record<ExportFormat, string> = {
	json: 'decisions.json',
	'decisions.csv': 'decisions.csv',
	'ballots.csv': 'ballots.csv',
	'actions.csv': 'actions.csv',
	atom: 'feed.atom',
	'review.md': 'review.md',
	'review.csv': 'review.csv'
};

/**
 * A download of the register of `request.workspace`, rate-limited per address and built off the main thread;
 * the review covers the period its address asks for.
 */
export async function download(
	actor: Actor,
	request: { workspace: string; ip: string; url: URL },
	format: ExportFormat
): Promise<Response> {
	const db = getDb();
	const access = await readAccess(actor, request.workspace);
	const ws = access.workspace;
	const range = format.startsWith('review') ? reviewRange(request.url.searchParams, ws.timeZone) : {};
	await jobs.rateLimit(request.ip);
	const body = await jobs.run<string>(db, {
		kind: 'export',
		workspaceId: ws.id,
		format,
		origin: request.url.origin,
		now: Date.now(),
		today: todayIn(ws.timeZone),
		...range
	});
	const report = await jobs.verified(db, ws.id);
	const review = format === 'review.md' || format === 'review.csv' ? format : null;
	const withPayments = review
		? body +
			(await paymentsOf(
				actor,
				ws.id,
				reviewRange(request.url.searchParams, ws.timeZone),
				review,
				report.headText
			))
		: body;
	const disposition = format === 'atom' ? 'inline' : `attachment; filename="${ws.slug}-${NAMES[format]}"`;
	return new Response(withPayments, {
		headers: {
			'content-type': TYPES[format],
			'content-disposition': disposition,
			// The head and the verification result travel with every download, even an empty CSV.
			'x-register-head': report.headText,
			'x-register-verified': report.ok ? `${report.count} entries` : `failed after ${report.count} entries`,
			...(access.workspace.visibility === 'public'
				? { 'access-control-expose-headers': 'x-register-head, x-register-verified' }
				: {}),
			...registerHeaders(access)
		}
	});
}

/** Reads `from`/`to` (YYYY-MM-DD) for the review; defaults to the last 12 months. */
export function reviewRange(params: URLSearchParams, timeZone: string): { from: string; to: string } {
	const today = todayIn(timeZone);
	const valid = (s: string | null) => (s && /^\d{4}-\d{2}-\d{2}$/.test(s) ? s : null);
	const to = valid(params.get('to')) ?? today;
	const back = new Date(`${to}T00:00:00Z`);
	back.setUTCFullYear(back.getUTCFullYear() - 1);
	back.setUTCDate(back.getUTCDate() + 1);
	const from = valid(params.get('from')) ?? dateOnly(back.getTime());
	return { from, to };
}

/** The ledger's quarterly figures for the quarters the review's period touches, as the review page shows them. */
export async function reviewQuarters(actor: Actor, workspaceId: string, range: { from: string; to: string }) {
	const { quarters } = await figures(actor, workspaceId);
	const [from, to] = [quarterOf(range.from), quarterOf(range.to)];
	return quarters.filter((q) => q.quarter >= from && q.quarter <= to);
}

/** Those figures in the download's format (src/lib/domain/review-payments.ts). */
async function paymentsOf(
	actor: Actor,
	workspaceId: string,
	range: { from: string; to: string },
	format: 'review.md' | 'review.csv',
	head: string
): Promise<string> {
	const shown = await reviewQuarters(actor, workspaceId, range);
	return format === 'review.md' ? paymentsMarkdown(shown) : paymentsCsvLines(shown, REVIEW_COLUMNS, head);
}
