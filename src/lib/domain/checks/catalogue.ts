/**
 * The drafting checks (shared/DOMAIN.md §5): id, severity, what they look for and the sources behind them.
 * Severity: E "must fix", W "should consider", I "for information". A check that rests on a fact the domain
 * brief marks UNVERIFIED is at most I and says so. None of this is legal advice; most of it is a benchmark for
 * ICBs and councils, not law.
 */

export type Severity = 'E' | 'W' | 'I';
export const FAMILIES = ['SV', 'INV', 'PR', 'G'] as const;
export type Family = (typeof FAMILIES)[number];

/** Each family's name as people see it. */
export const FAMILY_NAMES: Record<Family, string> = {
	SV: 'Social value',
	INV: 'Involvement and reimbursement',
	PR: 'Procurement principles',
	G: 'Every policy'
};
export type Source = { title: string; url: string };

export const SEVERITY_LABELS: Record<Severity, string> = {
	E: 'Must fix',
	W: 'Should consider',
	I: 'For information'
};

/** Bumped whenever a rule changes what it finds; stored with every set of results. */
export const CHECKS_VERSION = '2026.12-1';

const S = {
	S1: [
		'PPN 002: Taking account of social value in the award of central government contracts (GOV.UK)',
		'https://gov.uk/government/publications/ppn-002-taking-account-of-social-value-in-the-award-of-contracts/ppn-002-taking-account-of-social-value-in-the-award-of-central-government-contracts-html'
	],
	S2: [
		'Procurement Pathway: PPN 002 sourcing strategy (Civil Service)',
		'https://www.procurementpathway.civilservice.gov.uk/documents/ppn/ppn-002-taking-account-of-social-value-in-the-award-of-central-government-contracts/sourcing-strategy'
	],
	S9: [
		'DAC Beachcroft: PPN 06/20 briefing',
		'https://dacbeachcroft.com/fr-FR/What-we-think/Quality-not-quantity-Procurement-Briefing-on-publication-of-PPN-0620-on-Social-Value'
	],
	S11: [
		'NHS England: Applying net zero and social value in the procurement of NHS goods and services',
		'https://www.england.nhs.uk/greenernhs/publication/applying-net-zero-and-social-value-in-the-procurement-of-nhs-goods-and-services/'
	],
	S15: [
		'GOV.UK: Progress signs for implementing the Civil Society Covenant',
		'https://www.gov.uk/guidance/illustration-document-progress-signs-for-implementing-the-civil-society-covenant'
	],
	S16: [
		'NHS England: Working in partnership with people and communities (statutory guidance)',
		'https://www.england.nhs.uk/long-read/working-in-partnership-with-people-and-communities-statutory-guidance/'
	],
	S18: [
		'NHS Somerset: the 10 principles of working with people and communities',
		'https://nhssomerset.nhs.uk/get-involved/our-approach-to-public-involvement-and-engagement/'
	],
	S21: [
		'NHS England: Reimbursing expenses and paying involvement payments (v3, 2021, copy)',
		'https://vdocument.in/reimbursing-expenses-and-paying-involvement-payments.html'
	],
	S23: [
		'NHS England: Specialised Commissioning PPV partner application pack',
		'https://www.england.nhs.uk/long-read/specialised-commissioning-patient-and-public-voice-ppv-partner-programme-of-care-poc-application-pack/'
	],
	S24: [
		'NHS England: Application pack for PPV partners, People and Communities Division (2025)',
		'https://www.england.nhs.uk/long-read/application-information-pack-for-patient-and-public-voice-ppv-partners-people-and-communities-division'
	],
	S27: [
		'SWRU: Payment for involvement and welfare benefits',
		'https://www.swru.org/people-with-lived-experience-and-carers/'
	],
	S28: [
		'SCIE: Paying people who receive benefits',
		'https://www.scie.org.uk/co-production/supporting/paying-people-who-receive-benefits'
	],
	S29: [
		'NIHR: Payment guidance for members of the public',
		'https://www.nihr.ac.uk/payment-guidance-members-public-considering-involvement-research'
	],
	S30: [
		"The King's Fund: Healthy Communities Together",
		'https://www.kingsfund.org.uk/projects/healthy-communities-together'
	],
	S32: [
		'NHS England: The Provider Selection Regime, statutory guidance',
		'https://www.england.nhs.uk/long-read/the-provider-selection-regime-statutory-guidance'
	],
	S35: [
		'Procurement Portal: the five routes to award under the PSR',
		'https://procurementportal.com/procurement-law-and-guidance/health-care-services-the-provider-selection-regime/the-five-routes-to-awarding-contracts-under-the-provider-selection-regime-psr'
	],
	S37: [
		'The Health Care Services (Provider Selection Regime) Regulations 2023 (legislation.gov.uk)',
		'https://www.legislation.gov.uk/uksi/2023/1348/contents/made'
	],
	S40: [
		'NHS England: PSR, reviewing decisions during the standstill period',
		'https://www.england.nhs.uk/long-read/provider-selection-regime-reviewing-decisions-during-the-standstill-period/'
	],
	S41: [
		'PSR Regulations, Schedule 3: Direct Award C notice contents (legislation.gov.uk)',
		'https://www.legislation.gov.uk/ukdsi/2023/9780348252613/schedule/3/data.html'
	],
	S43: [
		'Health Services (PSR) (Wales) Regulations 2025, reg 27: conflicts of interest (legislation.gov.uk)',
		'https://legislation.gov.uk/cy/wsi/2025/99/regulation/27/made'
	],
	S44: [
		'PSR Regulations, Part 5, reg 24: records (legislation.gov.uk)',
		'https://www.legislation.gov.uk/ukdsi/2023/9780348252613/part/5'
	],
	S45: [
		'PSR Regulations, reg 25: annual summary (legislation.gov.uk)',
		'https://legislation.gov.uk/uksi/2023/1348/regulation/25/made?view=plain'
	],
	S47: [
		'Anthony Collins: the Procurement Act 2023 barriers duty for SMEs',
		'https://www.anthonycollins.com/insights/ebriefings/small-business-big-impact'
	],
	S49: [
		'GOV.UK: Procurement Act 2023 guidance, Lots',
		'https://gov.uk/government/publications/procurement-act-2023-guidance-documents-define-phase/guidance-lots-html'
	],
	S51: [
		'Procurement Act 2023, Part 3 Chapter 1 (legislation.gov.uk)',
		'https://legislation.gov.uk/ukpga/2023/54/part/3/chapter/1/enacted/data.xht?view=snippet&wrap=true'
	],
	S52: ['Beale & Co: Procurement Act 2023 prompt payment (s68)', 'https://beale-law.com/?p=24839'],
	S53: ['Ward Hadaway: supply chain payment terms', 'https://www.wardhadaway.com/?p=84690'],
	S56: [
		'ACEVO definition of full cost recovery (quoted)',
		'https://essaydocs.org/approaches-to-strategic-planning.html?page=42'
	],
	S60: [
		'HM Treasury (2006): Improving financial relationships with the third sector',
		'https://vdocuments.net/improving-financial-relationships-with-the-third-sector-improving-financial.html'
	],
	S62: [
		'NAO: Successful commissioning, grant or procurement',
		'https://nao.org.uk/successful-commissioning/sourcing-providers/grant-or-procurement/enforceability'
	],
	S67: [
		'Key Compact principles (Consultation Code 11.1–11.2)',
		'https://docsbay.net/doc/935142/key-compact-principles-for'
	],
	S68: [
		'Civil Society: local government failing to consult on funding cuts (Compact review)',
		'http://www.civilsociety.co.uk/governance/news/content/12965/local_government_failing_to_consult_voluntary_sector_on_funding_cuts'
	],
	S73: [
		'Shared Purpose: What makes a good partnership agreement',
		'https://www.sharedpurpose.co.uk/articles/partnership-agreements'
	],
	S74: ['Glos in Partnership: What we do', 'https://www.glosinpartnership.org.uk/what-we-do'],
	S76: ['Hackney CVS: VCSE TLG draft MoU', 'http://hscf.org.uk/index.php?category=14&sec=90&page=476'],
	S78: [
		"OpenLearn: Arnstein's ladder of participation",
		'https://www.open.edu/openlearn/mod/oucontent/view.php?id=21024&section=4.1'
	],
	S80: [
		'The National Lottery Community Fund: how the partnerships will work',
		'https://www.tnlcommunityfund.org.uk/funding/funding-programmes/health-inequities-structural-racism-and-discrimination-partnership/how-the-partnerships-will-work'
	]
} as const satisfies Record<string, readonly [string, string]>;

type SourceKey = keyof typeof S;

export type CheckInfo = {
	id: string;
	family: Family;
	severity: Severity;
	/** A few words for lists and settings. */
	name: string;
	/** Why it matters, one or two sentences. */
	why: string;
	sources: Source[];
	/** Set when the check rests on something the domain brief marks UNVERIFIED: it is then at most I. */
	unverified?: string;
	/** What the reader should know about the check's ground. */
	note?: string;
	/** The number a facilitator may set, with its default. */
	setting?: { key: 'minWeighting' | 'maxPaymentDays' | 'minStandstillDays'; label: string; unit: string };
};

const info = (
	id: string,
	severity: Severity,
	name: string,
	why: string,
	keys: SourceKey[],
	extra: Partial<CheckInfo> = {}
): CheckInfo => ({
	id,
	family: id.replace(/\d+$/, '') as Family,
	severity,
	name,
	why,
	sources: keys.map((k) => ({ title: S[k][0], url: S[k][1] })),
	...extra,
	// Resting on an unconfirmed fact caps the severity at "for information".
	...(extra.unverified ? { severity: 'I' as Severity } : {})
});

export const CHECKS: CheckInfo[] = [
	info(
		'SV1',
		'W',
		'Social value weighting',
		'PPN 002 sets a minimum 10% weighting for social value in central government contracts, and NHS England has applied a minimum 10% net zero and social value weighting to NHS tenders since April 2022. For other bodies it is a benchmark, not law.',
		['S1', 'S11'],
		{ setting: { key: 'minWeighting', label: 'Minimum social value weighting', unit: '%' } }
	),
	info(
		'SV2',
		'W',
		'PPN 002 missions',
		'PPN 002 (February 2025) replaced PPN 06/20: its five missions replace the old themes such as "COVID-19 recovery", so a policy built only on the themes points suppliers to a retired model.',
		['S1', 'S9']
	),
	info(
		'SV3',
		'W',
		'Proportionality and small organisations',
		'PPN 002 asks buyers to evaluate social value only where it is relevant and proportionate, and the Civil Society Covenant expects social value models not to disadvantage civil society organisations unfairly.',
		['S2', 'S15']
	),
	info(
		'SV4',
		'W',
		'Holding suppliers to commitments',
		'Social value promised in a bid is only delivered when it is written into the contract, measured by indicators and reported on a cycle; PPN 002 links each outcome to reporting metrics.',
		['S1']
	),
	info(
		'SV5',
		'I',
		'PSR social value criterion',
		'For health care services the Provider Selection Regime applies, and social value is one of its five key criteria; a social value policy that covers health services can say how the two fit.',
		['S37', 'S32'],
		{
			unverified:
				'The names of the PSR key criteria come from a secondary summary of regulation 5, and whether NHS England has re-based its social value guidance on PPN 002 is not confirmed.'
		}
	),
	info(
		'INV1',
		'E',
		'Expenses, including travel and care',
		'Reimbursed out-of-pocket expenses such as travel and replacement care or childcare are what keep involvement open to carers and people on low incomes, and they are ignored for benefits.',
		['S27', 'S28', 'S21']
	),
	info(
		'INV2',
		'W',
		'Payment timescale and advance payment',
		'People on low incomes cannot wait an open-ended time to be paid back; good practice gives a timescale and a way to book or pay costs in advance so nobody is left out of pocket.',
		['S29', 'S21']
	),
	info(
		'INV3',
		'W',
		'Dated rates, cited sources',
		'Rates go out of date; a rate table needs the date it applies from or its review date. NHS England\'s own rates could not be confirmed from a primary source, so any "NHS England rate" needs a citation.',
		['S21']
	),
	info(
		'INV4',
		'E',
		'Benefits notice',
		'Involvement payments may count as earnings for benefits. People need to know they may decline payment or take less, and where to get independent advice; NHS England funds a Citizens Advice helpline for its partners.',
		['S24', 'S28']
	),
	info(
		'INV5',
		'W',
		'Tax, National Insurance and status',
		'NHS England pays involvement payments through payroll with tax and National Insurance as applicable, and says its partners are not employees, workers or agents; people need to know both.',
		['S24']
	),
	info(
		'INV6',
		'W',
		'Involvement levels mapped to payment',
		'NHS England pays by level of involvement (for example, Level 4 roles attract an involvement payment); a policy that maps its levels to payments tells people what they will get before they start.',
		['S23'],
		{
			note: "NHS England's own level definitions and amounts could not be confirmed, so this check only asks for the partnership's own levels, not NHS England's."
		}
	),
	info(
		'INV7',
		'I',
		'Adjustments and feedback',
		'The statutory guidance on working with people and communities expects accessible involvement and feedback to people on the difference their involvement made.',
		['S16', 'S18']
	),
	info(
		'INV8',
		'I',
		'Backfill for VCSE representatives',
		'Unpaid attendance at boards costs small VCSE organisations staff time; full cost recovery and backfill are what let them take part as equal partners.',
		['S30', 'S56']
	),
	info(
		'PR1',
		'E',
		'Which rules apply',
		'Health care services are arranged under the Provider Selection Regime (since 1 January 2024); other services under the Procurement Act 2023 or by grant. Which applies decides every later step.',
		['S37', 'S32', 'S51']
	),
	info(
		'PR2',
		'E',
		'Conflicts of interest',
		'Under the PSR, authorities must prevent, identify and remedy conflicts; notices name declared conflicts and how they were managed. A policy needs declaring, recording, stepping aside and publishing.',
		['S41', 'S43', 'S37']
	),
	info(
		'PR3',
		'W',
		'PSR key criteria and process names',
		'Regulation 5 of the PSR Regulations sets five key criteria and the regulations name five processes (Direct Award A, B, C, Most Suitable Provider, Competitive); a missing criterion or a misnamed process invites challenge.',
		['S37', 'S35'],
		{
			note: 'The criteria names come from a secondary summary of regulation 5; check the wording against the regulations.'
		}
	),
	info(
		'PR4',
		'E',
		'Standstill period',
		'For Direct Award C, Most Suitable Provider and Competitive awards the PSR requires a standstill of at least 8 working days after the intention to award, counted from the day after publication.',
		['S40', 'S32'],
		{ setting: { key: 'minStandstillDays', label: 'Minimum standstill', unit: 'working days' } }
	),
	info(
		'PR5',
		'W',
		'Records and annual summary',
		'PSR regulation 24 requires a record of each decision (who decided, how the criteria were applied), and regulation 25 an annual summary published online.',
		['S44', 'S45']
	),
	info(
		'PR6',
		'W',
		'Payment terms',
		'Section 68 of the Procurement Act 2023 implies 30-day payment terms into public contracts, and contrary terms are void; prompt payment matters most to small VCSE providers.',
		['S52', 'S53'],
		{ setting: { key: 'maxPaymentDays', label: 'Maximum payment terms', unit: 'days' } }
	),
	info(
		'PR7',
		'W',
		'Full cost recovery',
		'Funding the full cost of a service, direct costs plus a fair share of overheads, is the standard HM Treasury and the NAO set for funders of the third sector.',
		['S60', 'S56']
	),
	info(
		'PR8',
		'W',
		'Small providers, lots and market engagement',
		'The Procurement Act 2023 requires authorities to consider the barriers small businesses face (s12(4)) and to consider lots (s18), and provides for preliminary market engagement (s16).',
		['S47', 'S49', 'S51']
	),
	info(
		'PR9',
		'I',
		'Notice of funding changes and consultation',
		"The Compact set three months' written notice of funding changes and a 12-week consultation; the Civil Society Covenant builds on it. A benchmark, not law.",
		['S67', 'S68']
	),
	info(
		'PR10',
		'I',
		'Grant or contract',
		"A grant and a contract differ in enforceability, VAT and clawback of underspends; the agreement's content, not its label, decides which it is.",
		['S62']
	),
	info(
		'G1',
		'W',
		'Signatories, version and review date',
		'A partnership agreement carries weight when both sectors sign it, readers can tell which version they hold, and it says when it will be reviewed.',
		['S73']
	),
	info(
		'G2',
		'W',
		'Defined terms',
		'"By and for", "co-production" and "equal partner" mean different things to different partners and have no single statutory definition; undefined, they promise more than the text delivers.',
		['S78', 'S80']
	),
	info(
		'G3',
		'W',
		'VCSE representatives',
		'Representation is accountable when the policy says how representatives are chosen, for how long, to whom they report and when they stand down, as the Gloucestershire and Hackney agreements do.',
		['S74', 'S76']
	)
];

export const CHECK_BY_ID: Record<string, CheckInfo> = Object.fromEntries(CHECKS.map((c) => [c.id, c]));

export type DocumentKind =
	'social_value' | 'reimbursement' | 'procurement_principles' | 'commissioning_review' | 'other';

/** Which families apply to each kind of document. */
export const FAMILIES_BY_KIND: Record<DocumentKind, Family[]> = {
	social_value: ['SV', 'G'],
	reimbursement: ['INV', 'G'],
	procurement_principles: ['PR', 'G'],
	commissioning_review: ['G'],
	other: []
};

/**
 * The checks for a document: its kind's families; for a document of kind `other`, the families a facilitator
 * picked (`families`), since none apply to it otherwise.
 */
export function checksFor(kind: DocumentKind, families?: readonly Family[]): CheckInfo[] {
	const set: readonly Family[] = (kind === 'other' ? families : undefined) ?? FAMILIES_BY_KIND[kind] ?? [];
	return CHECKS.filter((c) => set.includes(c.family));
}
