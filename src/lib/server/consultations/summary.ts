// What was said in a consultation: every answer, comment and suggestion with the person, organisation and
// sector behind it (and whether a person from a link has confirmed their email), grouped for the summary, and counted per sector for "how many have responded".
import type { DB } from '../db/index.ts';
import * as repo from './repository.ts';
import type { Consultation } from './repository.ts';

export type Contribution = {
	kind: 'answer' | 'comment' | 'suggestion';
	person: string;
	organisationId: string | null;
	organisation: string;
	sector: 'vcse' | 'statutory' | null;
	verified: boolean;
	/** False for a person from a link who has not confirmed their email yet. */
	confirmed: boolean;
	/** The question answered, or the passage referred to. */
	question: string | null;
	passage: string | null;
	text: string;
	at: number;
};

function suggestionText(s: { quote: string; replacement: string }): string {
	if (s.quote === '') return `Insert: ${s.replacement}`;
	return s.replacement === '' ? 'Delete this passage.' : `Replace with: ${s.replacement}`;
}

/** Every contribution to a consultation, oldest first. */
export async function contributions(db: DB, c: Consultation): Promise<Contribution[]> {
	const rows = await repo.contributionRows(db, c);
	const orgOfUser = new Map(rows.memberOrganisations.map((m) => [m.userId, m.organisationId]));
	const guests = new Map(rows.guests.map((g) => [g.id, g]));
	const userNames = await repo.userNames(db, [
		...new Set(
			[
				...rows.responses.map((r) => r.userId),
				...rows.commentRows.map((r) => r.c.authorId),
				...rows.suggestionRows.map((s) => s.authorId)
			].filter((x): x is string => !!x)
		)
	]);
	const who = (userId: string | null, guestId: string | null) => {
		const guest = guestId ? guests.get(guestId) : undefined;
		if (guest)
			return {
				person: guest.name,
				organisationId: guest.organisationId,
				confirmed: guest.confirmedAt !== null
			};
		return {
			person: (userId && userNames.get(userId)) || 'Former member',
			organisationId: userId ? (orgOfUser.get(userId) ?? null) : null,
			confirmed: true
		};
	};
	const out: Omit<Contribution, 'organisation' | 'sector' | 'verified'>[] = [];
	for (const r of rows.responses) {
		const w = who(r.userId, r.guestId);
		r.answers.forEach((a, i) => {
			if (a)
				out.push({
					kind: 'answer',
					...w,
					organisationId: r.organisationId ?? w.organisationId,
					question: c.questions[i] ?? null,
					passage: null,
					text: a,
					at: r.updatedAt
				});
		});
	}
	for (const r of rows.commentRows)
		out.push({
			kind: 'comment',
			...who(r.c.authorId, r.c.guestId),
			question: null,
			passage: r.quote,
			text: r.c.body,
			at: r.c.createdAt
		});
	for (const s of rows.suggestionRows)
		out.push({
			kind: 'suggestion',
			...who(s.authorId, s.guestId),
			question: null,
			passage: s.quote,
			text: suggestionText(s),
			at: s.createdAt
		});
	const orgs = await repo.organisationsByIds(db, [
		...new Set(out.map((o) => o.organisationId).filter((x): x is string => !!x))
	]);
	return out
		.map((o) => {
			const org = o.organisationId ? orgs.get(o.organisationId) : undefined;
			return {
				...o,
				organisation: org?.name ?? 'No organisation',
				sector: org?.sector ?? null,
				verified: org?.verified ?? false
			};
		})
		.sort((a, b) => a.at - b.at);
}

export type SummaryGroup = {
	sector: 'vcse' | 'statutory' | null;
	organisations: { id: string | null; name: string; verified: boolean; items: Contribution[] }[];
};

/** Contributions grouped by sector, then organisation. */
export async function summary(db: DB, c: Consultation) {
	const items = await contributions(db, c);
	const groups: SummaryGroup[] = [];
	for (const sector of ['vcse', 'statutory', null] as const) {
		const mine = items.filter((i) => i.sector === sector);
		if (!mine.length) continue;
		const byOrg = new Map<string, SummaryGroup['organisations'][number]>();
		for (const i of mine) {
			const key = i.organisationId ?? '';
			if (!byOrg.has(key))
				byOrg.set(key, { id: i.organisationId, name: i.organisation, verified: i.verified, items: [] });
			byOrg.get(key)!.items.push(i);
		}
		groups.push({ sector, organisations: [...byOrg.values()].sort((a, b) => a.name.localeCompare(b.name)) });
	}
	return { items, groups };
}

export type RespondedCounts = { vcse: number; statutory: number; none: number };

/** Organisations that have taken part, per sector (for "how many have responded"). */
export async function respondedCounts(db: DB, c: Consultation): Promise<RespondedCounts> {
	const items = await contributions(db, c);
	const seen = { vcse: new Set<string>(), statutory: new Set<string>(), none: new Set<string>() };
	for (const i of items) (i.sector ? seen[i.sector] : seen.none).add(i.organisationId ?? i.person);
	return { vcse: seen.vcse.size, statutory: seen.statutory.size, none: seen.none.size };
}
