import { and, eq, inArray, notInArray } from 'drizzle-orm';
import { affected, transaction, type DB, one } from './db/index.ts';
import { newId } from './db/ids.ts';
import {
	organisations,
	users,
	workspaces,
	type Role,
	type Sector,
	type SizeBand
} from './db/schema/index.ts';
import { hashPassword } from './auth/password.ts';
import { insertOrganisationMember } from './organisations/repository.ts';
import { upsertMember } from './workspaces/members.ts';
import { governanceChanges, workspacePartners } from './db/schema/index.ts';
import { createDocument } from './documents/create.ts';
import { saveVersion } from './documents/content.ts';
import * as votes from './votes/lifecycle.ts';
import { voteInput } from './votes/schemas.ts';
import { publishDecisionAs } from './decisions/publish.ts';
import { publishInput } from './decisions/schemas.ts';
import { dateOnly } from '../domain/time.ts';
import { loadDemoMeetings } from './meetings/demo.ts';
import { loadDemoClaims } from './claims/demo.ts';

/** Every demo account signs in with this password (documented in the README). */
export const DEMO_PASSWORD = 'parity-demo-partnership';
export const DEMO_WORKSPACE = 'South East London VCSE–ICS Partnership';
export const DEMO_SLUG = 'south-east-london-vcse-ics-partnership';

type DemoOrg = {
	key: string;
	name: string;
	sector: Sector;
	sizeBand: SizeBand;
	grassroots?: boolean;
	byAndFor?: boolean;
	person: {
		name: string;
		email: string;
		role: Role;
		delegate: boolean;
		standing: 'representative' | 'participant';
	};
};

/** The demo partnership: six VCSE partners (two grassroots, one by-and-for, one large infrastructure charity) and three statutory ones. */
export const DEMO_ORGS: DemoOrg[] = [
	{
		key: 'larder',
		name: 'Peckham Community Larder',
		sector: 'vcse',
		sizeBand: 'micro',
		grassroots: true,
		person: {
			name: 'Grace Mensah',
			email: 'grace@larder.demo.example.org',
			role: 'commenter',
			delegate: true,
			standing: 'participant'
		}
	},
	{
		key: 'carers',
		name: 'Greenwich Young Carers Collective',
		sector: 'vcse',
		sizeBand: 'small',
		grassroots: true,
		person: {
			name: 'Tom Hughes',
			email: 'tom@carers.demo.example.org',
			role: 'editor',
			delegate: true,
			standing: 'participant'
		}
	},
	{
		key: 'alliance',
		name: 'Southwark Black Mental Health Alliance',
		sector: 'vcse',
		sizeBand: 'small',
		byAndFor: true,
		person: {
			name: 'Kwame Asante',
			email: 'kwame@alliance.demo.example.org',
			role: 'editor',
			delegate: true,
			standing: 'representative'
		}
	},
	{
		key: 'refugee',
		name: 'Lewisham Refugee Welcome',
		sector: 'vcse',
		sizeBand: 'small',
		person: {
			name: 'Leyla Demir',
			email: 'leyla@refugee.demo.example.org',
			role: 'commenter',
			delegate: true,
			standing: 'participant'
		}
	},
	{
		key: 'hospice',
		name: 'Thameside Hospice Care',
		sector: 'vcse',
		sizeBand: 'large',
		person: {
			name: 'Helen Clarke',
			email: 'helen@hospice.demo.example.org',
			role: 'editor',
			delegate: true,
			standing: 'participant'
		}
	},
	{
		key: 'cvs',
		name: 'South London Voluntary Action',
		sector: 'vcse',
		sizeBand: 'large',
		person: {
			name: 'Priya Shah',
			email: 'priya@cvs.demo.example.org',
			role: 'editor',
			delegate: true,
			standing: 'representative'
		}
	},
	{
		key: 'icb',
		name: 'South East London Integrated Care Board',
		sector: 'statutory',
		sizeBand: 'major',
		person: {
			name: 'David Okafor',
			email: 'david@icb.demo.example.org',
			role: 'editor',
			delegate: true,
			standing: 'representative'
		}
	},
	{
		key: 'trust',
		name: 'Riverside NHS Foundation Trust',
		sector: 'statutory',
		sizeBand: 'major',
		person: {
			name: 'Sarah Whitfield',
			email: 'sarah@trust.demo.example.org',
			role: 'editor',
			delegate: true,
			standing: 'participant'
		}
	},
	{
		key: 'council',
		name: 'Thameside Borough Council',
		sector: 'statutory',
		sizeBand: 'major',
		person: {
			name: 'Mark Evans',
			email: 'mark@council.demo.example.org',
			role: 'observer',
			delegate: false,
			standing: 'participant'
		}
	}
];

export const DEMO_FACILITATOR = {
	name: 'Amara Okoye',
	email: 'amara@facilitator.demo.example.org',
	org: 'cvs'
};

export class DemoRefused extends Error {}

export async function demoPresent(db: DB): Promise<boolean> {
	return !!one(
		await db.select({ id: workspaces.id }).from(workspaces).where(eq(workspaces.slug, DEMO_SLUG)).limit(1)
	);
}

/**
 * Loads the demo partnership. Running it twice duplicates nothing (people, organisations and the workspace are
 * matched by email, name and slug). Refuses a database that holds other (non-demo) users unless `force`.
 */
export async function loadDemo(
	db: DB,
	opts: { force?: boolean } = {}
): Promise<{ created: boolean; slug: string }> {
	const others = await db.select({ id: users.id }).from(users).where(eq(users.isDemo, false));
	if (others.length && !opts.force)
		throw new DemoRefused(
			`This database holds ${others.length} real account(s). Run with --force to add the demo partnership anyway.`
		);
	if (await demoPresent(db)) return { created: false, slug: DEMO_SLUG };
	const passwordHash = await hashPassword(DEMO_PASSWORD);
	const now = Date.now();
	const people = new Map<string, string>();
	const orgIds = new Map<string, string>();
	let wsId = '';
	let facilitatorId = '';
	await transaction(db, async () => {
		const userId = async (name: string, email: string, isAdmin = false) => {
			const found = one(await db.select({ id: users.id }).from(users).where(eq(users.email, email)).limit(1));
			if (found) return found.id;
			const id = newId();
			await db.insert(users).values({ id, email, name, passwordHash, isAdmin, isDemo: true, createdAt: now });
			return id;
		};
		facilitatorId = await userId(DEMO_FACILITATOR.name, DEMO_FACILITATOR.email, others.length === 0);
		wsId = newId();
		await db.insert(workspaces).values({
			id: wsId,
			slug: DEMO_SLUG,
			name: DEMO_WORKSPACE,
			description:
				'The VCSE Charter partnership between the voluntary, community and social enterprise sector and the South East London Integrated Care System: co-designing a social value policy, an involvement payment policy and procurement principles.',
			visibility: 'public',
			timeZone: 'Europe/London',
			isDemo: true,
			createdBy: facilitatorId,
			createdAt: now
		});
		for (const o of DEMO_ORGS) {
			const found = one(
				await db
					.select({ id: organisations.id })
					.from(organisations)
					.where(and(eq(organisations.name, o.name), eq(organisations.isDemo, true)))
					.limit(1)
			);
			const orgId = found?.id ?? newId();
			if (!found)
				await db.insert(organisations).values({
					id: orgId,
					name: o.name,
					sector: o.sector,
					sizeBand: o.sizeBand,
					isDemo: true,
					verified: true,
					createdBy: facilitatorId,
					createdAt: now
				});
			orgIds.set(o.key, orgId);
			await db.insert(workspacePartners).values({
				workspaceId: wsId,
				organisationId: orgId,
				grassroots: !!o.grassroots,
				byAndFor: !!o.byAndFor,
				sector: o.sector,
				sizeBand: o.sizeBand,
				recordedBy: facilitatorId,
				recordedAt: now,
				createdAt: now
			});
		}
		await upsertMember(db, wsId, facilitatorId, {
			role: 'facilitator',
			organisationId: orgIds.get(DEMO_FACILITATOR.org)!,
			standing: 'representative',
			votingDelegate: false
		});
		for (const o of DEMO_ORGS) {
			const id = await userId(o.person.name, o.person.email);
			people.set(o.key, id);
			await upsertMember(db, wsId, id, {
				role: o.person.role,
				organisationId: orgIds.get(o.key)!,
				standing: o.person.standing,
				votingDelegate: o.person.delegate
			});
			await insertOrganisationMember(db, orgIds.get(o.key)!, id, facilitatorId);
		}
	});
	await loadDemoContent(db, { wsId, facilitatorId, people, orgIds, now });
	return { created: true, slug: DEMO_SLUG };
}

/**
 * Documents from the templates, a decided policy with its version, a closed vote on it (the worked example of
 * the weighted-equity rule: VCSE 1/3, statutory 1, overall 2/3), the published decision with actions, and an
 * open vote people can try.
 */
async function loadDemoContent(
	db: DB,
	ids: {
		wsId: string;
		facilitatorId: string;
		people: Map<string, string>;
		orgIds: Map<string, string>;
		now: number;
	}
) {
	const { wsId, facilitatorId, people, orgIds, now } = ids;
	const day = 86_400_000;
	const org = (key: string) => orgIds.get(key)!;
	const documentsMade = {
		socialValue: await createDocument(
			db,
			wsId,
			{ title: 'Social value policy', kind: 'social_value', template: 'social_value' },
			people.get('cvs')!
		)
	};
	await createDocument(
		db,
		wsId,
		{
			title: 'Procurement principles framework',
			kind: 'procurement_principles',
			template: 'procurement_principles'
		},
		people.get('icb')!
	);
	const policy = await createDocument(
		db,
		wsId,
		{ title: 'Involvement and reimbursement policy', kind: 'reimbursement', template: 'reimbursement' },
		people.get('alliance')!
	);
	const version = await saveVersion(db, policy.id, 'Agreed at the partnership board', facilitatorId);

	const t0 = now - 10 * day;
	const vote = await votes.createVote(
		db,
		wsId,
		voteInput.parse({
			question: 'Adopt the involvement and reimbursement policy?',
			explanation:
				'The policy sets involvement payments, expenses and payment times for everyone who takes part.',
			documentId: policy.id,
			documentVersionId: version.id,
			opensAt: t0 + 60_000,
			closesAt: t0 + 7 * day
		}),
		facilitatorId,
		t0
	);
	await votes.openVote(db, vote.id, t0 + 60_000);
	const ballots: [string, 'for' | 'against' | 'abstain', string][] = [
		['icb', 'for', ''],
		['trust', 'for', ''],
		['council', 'for', ''],
		['larder', 'against', 'The rates are too low for volunteers who travel across the borough.'],
		['carers', 'against', 'Young carers need payment in advance, not within 30 days.'],
		['alliance', 'for', ''],
		['hospice', 'for', ''],
		['refugee', 'against', ''],
		['cvs', 'against', '']
	];
	for (const [i, [key, choice, statement]] of ballots.entries()) {
		const assisted = key === 'council';
		await votes.castBallot(
			db,
			vote.id,
			{ organisationId: org(key), choice, statement, assisted },
			assisted ? facilitatorId : people.get(key)!,
			t0 + (i + 2) * 3_600_000
		);
	}

	await votes.catchUp(db, vote.id, t0 + 7 * day + 60_000);
	const socialValue = documentsMade.socialValue;
	await saveVersion(db, socialValue.id, 'First reading', facilitatorId);
	const openVote = await votes.createVote(
		db,
		wsId,
		voteInput.parse({
			question: 'Adopt the social value policy as drafted?',
			explanation: 'A first reading: the policy sets a minimum 10 % social value weighting for every tender.',
			opensAt: now,
			closesAt: now + 7 * day
		}),
		facilitatorId,
		now
	);
	// The board met after the vote closed; the next one is in three weeks.
	const board = await loadDemoMeetings(db, {
		wsId,
		timeZone: 'Europe/London',
		facilitatorId,
		people,
		orgOf: orgIds,
		boardAt: t0 + 7 * day + 30 * 60_000,
		nextAt: now + 21 * day,
		paper: { documentId: policy.id, versionId: version.id },
		vote: vote.id,
		openVote: openVote.id,
		nextPaper: socialValue.id
	});
	// The approved decision adopts the version: the policy becomes decided, its text that version.
	const adopted = await publishDecisionAs(
		db,
		wsId,
		publishInput.parse({
			method: 'vote',
			voteId: vote.id,
			title: 'Involvement and reimbursement policy adopted',
			rationale:
				'The policy passed with two thirds of the weighted support. The VCSE chamber was against, mainly on payment times; the partnership commits to review payment in advance within three months.',
			decidedWhere: 'Partnership board, Riverside Community Centre',
			meetingId: board.past.id,
			documentId: policy.id,
			documentVersionId: version.id,
			dissentDays: 14,
			actions: [
				{
					ownerOrganisationId: org('icb'),
					description: 'Set up payment in advance for travel and care costs.',
					dueDate: dateOnly(now + 60 * day)
				},
				{
					ownerOrganisationId: org('cvs'),
					description: 'Publish the rates table in plain English and three community languages.',
					dueDate: dateOnly(now + 30 * day)
				}
			]
		}),
		facilitatorId,
		t0 + 7 * day + 3_600_000
	);
	// The payment policy that decision adopted, and claims: paid, queried, overdue and drafts.
	await loadDemoClaims(db, {
		wsId,
		facilitatorId,
		people,
		orgOf: orgIds,
		boardId: board.past.id,
		decisionId: adopted.id,
		documentVersionId: version.id,
		now
	});
}

/** Deletes the demo accounts, organisations and workspace (with everything in it). */
export async function removeDemo(
	db: DB
): Promise<{ users: number; organisations: number; workspaces: number }> {
	return await transaction(db, async () => {
		const ws = affected(await db.delete(workspaces).where(eq(workspaces.isDemo, true)));
		// Their governance history goes with them (its rows may be deleted once their workspace is gone).
		await db
			.delete(governanceChanges)
			.where(notInArray(governanceChanges.workspaceId, db.select({ id: workspaces.id }).from(workspaces)));
		const demoOrgIds = await db
			.select({ id: organisations.id })
			.from(organisations)
			.where(eq(organisations.isDemo, true));
		const orgs = demoOrgIds.length
			? affected(
					await db.delete(organisations).where(
						inArray(
							organisations.id,
							demoOrgIds.map((o) => o.id)
						)
					)
				)
			: 0;
		const u = affected(await db.delete(users).where(eq(users.isDemo, true)));
		return { users: u, organisations: orgs, workspaces: ws };
	});
}
