// Starting drafts for the policies a VCSE–ICS partnership co-writes. Written from the partnership agreements
// and current UK practice (sources named in the text); figures that change are left for the partnership to
// fill in and date.
import { doc, h, ol, p, table, ul, type PMNode } from './build.ts';

export type TemplateKey =
	'social_value' | 'reimbursement' | 'procurement_principles' | 'commissioning_review';
export type Template = { key: TemplateKey; title: string; summary: string; content: PMNode };

/** A "Sources" section: each entry is [what it is, address]. */
const sources = (...items: [string, string][]): PMNode[] => [
	h(2, 'Sources'),
	p(
		'Checked when this draft was written. Law and guidance change: check each source again before the policy is agreed, and date the check.'
	),
	// The link is the site's name inside a sentence, so it stays one short target on one line.
	ul(...items.map(([label, url]) => `${label}, at [${new URL(url).hostname.replace(/^www\./, '')}](${url})`))
];

/** Words the policies use that partners read differently unless they are defined. */
const definitions = (...extra: string[]): PMNode[] => [
	h(2, 'What we mean by'),
	ul(
		'**VCSE organisation**: a voluntary or community organisation, charity or social enterprise that reinvests its surplus in its social purpose.',
		'**Small organisation**: [the partnership’s definition, e.g. annual income under £[ ]]. The Procurement Act 2023 counts as an SME a business with fewer than 250 staff and a turnover of up to £44m or a balance sheet of up to £38m; most local VCSE organisations are far smaller.',
		'**“By and for” organisation**: there is no single statutory definition, so the partnership agrees its own. A starting point: an organisation led by the community it serves, with a board drawn from that community and most of its staff from it too. The partnership’s definition: [ ].',
		'**Co-production**: people who use services, carers, VCSE organisations and the statutory partners share the design and the decision, not only the consultation. This policy says which decisions VCSE members make and which they influence.',
		...extra
	)
];

const signOff = (): PMNode[] => [
	h(2, 'Agreement, version and review'),
	table(
		['', 'VCSE', 'Statutory'],
		['Signed for', '[VCSE Alliance or network]', '[ICB / trust / council]'],
		['Name and role', '', ''],
		['Date', '', '']
	),
	p(
		'Version: [0.1 draft]. Review date: [twelve months from agreement]. The review uses the decision register and the progress of the actions agreed with this policy.'
	)
];

const socialValue: Template = {
	key: 'social_value',
	title: 'Social value policy',
	summary:
		'Missions, outcomes and measures; at least 10 % of evaluation weight; proportionate for small suppliers.',
	content: doc(
		h(1, 'Social value policy'),
		p(
			'_Draft for co-production by the VCSE and statutory partners. Text in [brackets] is for the partnership to decide._'
		),
		h(2, '1. Purpose'),
		p(
			'This policy sets out how the partners take account of social value when they commission and buy goods and services, so that public money also improves the health, wealth and wellbeing of local people, and so that local voluntary, community and social enterprise (VCSE) organisations can compete and take part on fair terms.'
		),
		h(2, '2. Legal basis and guidance'),
		ul(
			'The Public Services (Social Value) Act 2012 requires commissioners of services to consider economic, social and environmental well-being before they procure.',
			'Procurement Policy Note **PPN 002** (published 13 February 2025) updates PPN 06/20. It binds central government departments, their executive agencies and non-departmental public bodies for procurements above threshold from 1 October 2025, and sets a minimum **10 % weighting** for social value. Other public bodies may choose to apply it; the partners adopt it here as their benchmark.',
			'PPN 002 works from five missions, to policy outcomes, to model award criteria, to standard reporting metrics. This policy follows the same chain so that suppliers meet one familiar structure.',
			'Since April 2022 NHS purchasing of goods and services has carried a minimum 10 % net zero and social value weighting.',
			'Under the Provider Selection Regime, social value is one of the five key criteria for health care services.',
			'The National Procurement Policy Statement, which authorities must have regard to under the Procurement Act 2023, puts spend with small businesses and VCSE organisations and value created in a place first.',
			'The Civil Society Covenant (July 2025) expects social value models not to disadvantage civil society organisations unfairly.'
		),
		h(2, '3. Our missions and local outcomes'),
		p(
			'We link PPN 002’s missions to the needs in our joint strategic needs assessment. For each mission the partnership names one or two local outcomes.'
		),
		table(
			['Mission', 'Local outcome we want', 'How we will know (measure)'],
			[
				'Break down barriers to opportunity',
				'[e.g. jobs and training for people furthest from work]',
				'[number of local people employed or trained]'
			],
			[
				'Build an NHS fit for the future',
				'[e.g. fewer avoidable admissions through community support]',
				'[referrals to community services; waiting times]'
			],
			[
				'Kick-start economic growth',
				'[e.g. spend with local small suppliers and VCSE organisations]',
				'[% of contract value spent locally]'
			],
			[
				'Make Britain a clean energy superpower',
				'[e.g. lower-carbon delivery of services]',
				'[emissions reported against a baseline]'
			],
			[
				'Take back our streets',
				'[e.g. safer neighbourhoods through community projects]',
				'[agreed community safety measures]'
			]
		),
		h(2, '4. Weighting'),
		p(
			'Social value carries **at least 10 %** of the total evaluation score in every tender where it is relevant. The commissioner records the weighting chosen and the reason in the procurement file; a weighting above 10 % is encouraged where the service’s main purpose is social.'
		),
		h(2, '5. Proportionate for small organisations'),
		ul(
			'Ask only for commitments that are relevant and proportionate to the size and value of the contract.',
			'Small organisations may describe social value they already create; they are not asked to buy in new programmes to score.',
			'No social value model may unfairly disadvantage civil society organisations.',
			'Offer help to answer social value questions at market engagement events.'
		),
		h(2, '6. From promise to delivery'),
		p(
			'Social value commitments become contract terms with key performance indicators, a reporting cycle ([quarterly]) and named owners. Where a standard reporting metric exists we use it rather than invent a new one. Commissioners review delivery at contract meetings and publish a yearly summary.'
		),
		h(2, '7. VCSE measures'),
		ul(
			'Share of spend with VCSE organisations, by size band.',
			'Volunteering and community capacity supported.',
			'Grants or subcontracts passed to grassroots and “by and for” organisations.'
		),
		...definitions(),
		...signOff(),
		...sources(
			[
				'PPN 002: Taking account of social value in the award of central government contracts (GOV.UK)',
				'https://gov.uk/government/publications/ppn-002-taking-account-of-social-value-in-the-award-of-contracts/ppn-002-taking-account-of-social-value-in-the-award-of-central-government-contracts-html'
			],
			[
				'Procurement Pathway: PPN 002 sourcing strategy (relevance and proportionality)',
				'https://www.procurementpathway.civilservice.gov.uk/documents/ppn/ppn-002-taking-account-of-social-value-in-the-award-of-central-government-contracts/sourcing-strategy'
			],
			[
				'Tussell: the 10 % minimum weighting in PPN 002',
				'https://tussell.com/gov/blog/ppn002-the-social-value-model'
			],
			[
				'NHS England: Applying net zero and social value in the procurement of NHS goods and services',
				'https://www.england.nhs.uk/greenernhs/publication/applying-net-zero-and-social-value-in-the-procurement-of-nhs-goods-and-services/'
			],
			[
				'Capital Law: Social value under the Procurement Act 2023',
				'https://www.capitallaw.co.uk/news/social-value-under-the-new-procurement-act'
			],
			[
				'GOV.UK: Progress signs for the Civil Society Covenant',
				'https://www.gov.uk/guidance/illustration-document-progress-signs-for-implementing-the-civil-society-covenant'
			]
		)
	)
};

const reimbursement: Template = {
	key: 'reimbursement',
	title: 'Involvement and reimbursement policy',
	summary:
		'Involvement payments, expenses, timely payment, benefits notice, eligibility and full cost recovery for VCSE time.',
	content: doc(
		h(1, 'Involvement and reimbursement policy'),
		p(
			'_Draft for co-production. Rates are the partnership’s to set and date; this draft does not quote anyone else’s rates as ours._'
		),
		h(2, '1. Why we pay'),
		p(
			'People with lived experience, carers and VCSE organisations give time and expertise when they help us plan and review services. Integrated care boards have a legal duty to involve the public (National Health Service Act 2006, section 14Z45), and NHS England’s statutory guidance, _Working in partnership with people and communities_, puts their voices at the centre of decision-making and names the VCSE sector as a key partner. Nobody should be out of pocket for taking part, and organisations should recover the full cost of the time their staff give.'
		),
		h(2, '2. Who is eligible'),
		ul(
			'Members of the public, patients and carers involved in an agreed activity.',
			'VCSE organisations whose staff or volunteers attend partnership meetings, boards and working groups (see section 7).',
			'People employed by a partner and taking part as part of their job are not paid under this policy.'
		),
		h(2, '3. Levels of involvement and payment'),
		table(
			['Level', 'Example activity', 'Payment (effective from [date])'],
			['1 — Information', 'Receiving updates, completing a survey', 'Expenses only'],
			['2 — Consultation', 'Focus group, reading and commenting on a draft', '£[ ] per hour'],
			['3 — Involvement', 'Workshops, working groups', '£[ ] per half day / £[ ] per day'],
			[
				'4 — Partnership',
				'Board or panel member, co-chair, interview panel',
				'£[ ] per meeting plus preparation time'
			]
		),
		p('Rates are reviewed every [April] and the review date is shown with the table.'),
		h(2, '4. Expenses'),
		p('We reimburse reasonable out-of-pocket costs at cost, with receipts where possible:'),
		ul(
			'Travel by the most practical means, including taxis where needed because of disability.',
			'Childcare and replacement care for a person someone looks after.',
			'Meals and refreshments on long days.',
			'Phone, data and printing for remote participation.'
		),
		h(2, '5. Paying on time'),
		ul(
			'Expenses are paid within **[10] working days** of a claim; involvement payments within **30 days**.',
			'We offer to book and pay for travel in advance, or to pay a float, so nobody has to lend us money.',
			'People can choose to receive expenses only, a reduced payment, or nothing.'
		),
		h(2, '6. Tax, National Insurance and benefits'),
		ul(
			'Involvement payments may be taxable and are paid through [payroll / an agreed route], with tax and National Insurance deducted where they apply. People taking part are not employees, workers or agents of the partners.',
			'Payments may count as earnings for benefits. Reimbursed expenses normally do not.',
			'Anyone may decline a payment, or take less, and we tell them in writing before they start what they will be paid and what expenses are covered.',
			'We make independent welfare-rights advice available before anyone accepts a payment, including to people who intend to decline it. Benefit thresholds change every April, so this policy does not quote them.'
		),
		h(2, '7. VCSE organisations’ time'),
		p(
			'Where a VCSE organisation sends staff to partnership boards and groups, the partners pay for that time on a **full cost recovery** basis — salary plus a fair share of overheads — or fund backfill, so that taking part does not drain small organisations.'
		),
		h(2, '8. Adjustments and feedback'),
		p(
			'We ask everyone what they need to take part (access, formats, interpreters, timing) and we tell people what difference their involvement made.'
		),
		...definitions(
			'**Involvement payment**: a payment for time and expertise, separate from the reimbursement of expenses.'
		),
		...signOff(),
		...sources(
			[
				'NHS England: Working in partnership with people and communities — statutory guidance',
				'https://www.england.nhs.uk/long-read/working-in-partnership-with-people-and-communities-statutory-guidance/'
			],
			[
				'NHS England: Application pack for patient and public voice partners (payments, tax, benefits)',
				'https://www.england.nhs.uk/long-read/application-information-pack-for-patient-and-public-voice-ppv-partners-people-and-communities-division'
			],
			[
				'SCIE: Paying people who receive benefits',
				'https://www.scie.org.uk/co-production/supporting/paying-people-who-receive-benefits'
			],
			[
				'SWRU: Payment for involvement and welfare benefits',
				'https://www.swru.org/people-with-lived-experience-and-carers/'
			],
			[
				'NIHR: Payment guidance for members of the public',
				'https://www.nihr.ac.uk/payment-guidance-members-public-considering-involvement-research'
			],
			[
				'The King’s Fund: Healthy Communities Together',
				'https://www.kingsfund.org.uk/projects/healthy-communities-together'
			]
		)
	)
};

const procurement: Template = {
	key: 'procurement_principles',
	title: 'Procurement principles framework',
	summary:
		'Which regime applies, proportionate processes for small organisations, PSR key criteria and standstill, conflicts of interest, multi-year funding.',
	content: doc(
		h(1, 'Procurement principles framework'),
		p('_How the partners commission VCSE services. Draft for co-production; not legal advice._'),
		h(2, '1. Which rules apply'),
		ul(
			'**Health care services**: the Provider Selection Regime (Health Care Services (Provider Selection Regime) Regulations 2023), in force since 1 January 2024, for NHS bodies and local authorities.',
			'**Other services and goods**: the Procurement Act 2023 for procurements started from 24 February 2025.',
			'**Grants**: where the partners want to support an organisation’s own work rather than buy a defined service. A grant is a gift with conditions; a contract is an enforceable exchange whose fee may attract VAT. What the agreement says, not its label, decides which it is, so each funding decision states whether it is a grant or a contract and why.'
		),
		h(2, '2. Principles'),
		ol(
			'**Proportionate**: the process fits the size and risk of the contract; small awards use short, plain forms.',
			'**Open to small organisations**: we consider the barriers small providers face, use lots where they help, and explain when we do not.',
			'**Early conversation**: we talk to the market, including grassroots and “by and for” organisations, before we design a service (preliminary market engagement, Procurement Act 2023 section 16).',
			'**Fewer barriers**: as section 12(4) of the Act asks for small businesses, we look for the barriers small VCSE organisations face and remove or reduce them; we consider lots (section 18) and say why when we do not use them.',
			'**Full cost recovery**: prices and grants cover direct costs and a fair share of overheads (premises, IT, finance, governance, management), allocated on a basis both sides can check.',
			'**Stable funding**: three-year or longer terms by default; at least three months’ written notice of any change to funding, and 12 weeks’ consultation on changes that affect the sector, with reasons given for anything shorter.',
			'**Paid on time**: invoices are paid within 30 days of receipt, as the Act requires of public contracts (section 68), and we pay in advance where a small organisation needs it.',
			'**Open about decisions**: who decided, how and why is recorded and published.'
		),
		h(2, '3. Provider Selection Regime: processes and key criteria'),
		p('The regime offers five ways to award a health care contract:'),
		ul(
			'**Direct Award Process A**: only the existing provider can deliver the service.',
			'**Direct Award Process B**: patients choose freely and every capable provider is offered a contract.',
			'**Direct Award Process C**: the existing provider is performing well and the service is not changing considerably.',
			'**Most Suitable Provider process**: an award without competition after assessing providers against the key criteria.',
			'**Competitive Process**.'
		),
		p(
			'Every decision under the regime assesses providers against the five key criteria and records how each was weighed. The regulations, as we read them, do not fix weights; the partnership sets and publishes its own:'
		),
		table(
			['Key criterion', 'What we look for', 'Weight'],
			['Quality and innovation', '[ ]', '[ ] %'],
			['Value', '[ ]', '[ ] %'],
			['Integration, collaboration and service sustainability', '[ ]', '[ ] %'],
			['Improving access, reducing health inequalities and facilitating choice', '[ ]', '[ ] %'],
			['Social value', '[ ]', '[ ] % (at least 10 %)']
		),
		h(2, '4. Standstill and transparency'),
		ul(
			'For Direct Award Process C, the Most Suitable Provider process and the Competitive Process we publish our intention to award and observe a standstill of **at least 8 working days**.',
			'For Direct Award Processes A and B we publish a notice within 30 days of the award.',
			'Notices name the decision-makers, give reasons against the key criteria, and list declared conflicts and how they were managed.',
			'A provider may make representations during standstill. If we confirm the decision after considering them we wait a further 5 working days, and the provider may ask the Independent Patient Choice and Procurement Panel to review it.',
			'We keep a record of each decision — who decided, by which process, and how the key criteria and basic selection criteria were applied (regulation 24) — and publish an annual summary of contracts awarded by process (regulation 25).'
		),
		h(2, '5. Conflicts of interest'),
		p(
			'The regime requires appropriate measures to prevent, identify and remedy conflicts of interest (regulation 21). Everyone involved **declares** interests before each decision; declarations are **recorded**; conflicted people **step back** from the decision unless they alone hold expertise the decision needs, in which case the record says how the conflict was managed; and the declarations are **published** with the decision. VCSE representatives whose organisation could bid are treated the same way as any other member.'
		),
		h(2, '6. Reducing bureaucracy'),
		ul(
			'One set of due-diligence documents accepted by all partners.',
			'Monitoring proportionate to the grant or contract value.',
			'Plain-English specifications co-written with people who use the service.'
		),
		...definitions(),
		...signOff(),
		...sources(
			[
				'The Health Care Services (Provider Selection Regime) Regulations 2023 (legislation.gov.uk)',
				'https://www.legislation.gov.uk/uksi/2023/1348/contents/made'
			],
			[
				'NHS England: The Provider Selection Regime — statutory guidance',
				'https://www.england.nhs.uk/long-read/the-provider-selection-regime-statutory-guidance'
			],
			[
				'NHS England: PSR — reviewing decisions during the standstill period',
				'https://www.england.nhs.uk/long-read/provider-selection-regime-reviewing-decisions-during-the-standstill-period/'
			],
			[
				'Procurement Portal: The five routes to award under the PSR',
				'https://procurementportal.com/procurement-law-and-guidance/health-care-services-the-provider-selection-regime/the-five-routes-to-awarding-contracts-under-the-provider-selection-regime-psr'
			],
			[
				'Ward Hadaway: Payment requirements under the Procurement Act 2023',
				'https://www.wardhadaway.com/insights/procurement-in-a-nutshell/procurement-in-a-nutshell-payment-requirements-under-the-pa23'
			],
			[
				'Anthony Collins: Small business, big impact (section 12(4))',
				'https://www.anthonycollins.com/insights/ebriefings/small-business-big-impact'
			],
			[
				'NAO: Successful commissioning — grant or procurement',
				'https://nao.org.uk/successful-commissioning/sourcing-providers/grant-or-procurement/enforceability'
			],
			['NPC: Full cost recovery', 'https://www.thinknpc.org/resource-hub/full-cost-recovery/']
		)
	)
};

const commissioningReview: Template = {
	key: 'commissioning_review',
	title: 'Commissioning review',
	summary:
		'A structured review of how services are commissioned from the VCSE sector, with findings and actions.',
	content: doc(
		h(1, 'Review of commissioning from the VCSE sector'),
		p('_A joint review agreed in the partnership’s 12-month plan. Draft for co-production._'),
		h(2, '1. Scope'),
		p(
			'The review covers contracts and grants awarded to VCSE organisations by the partners between [date] and [date], and the processes used to award them.'
		),
		h(2, '2. Questions'),
		ol(
			'How much did the partners spend with VCSE organisations, by size band and by “by and for” status?',
			'Which processes were used, and how long did they take from advert to award?',
			'Were contracts funded at full cost, for how long, and were payments on time?',
			'Which barriers did small and grassroots organisations report?',
			'How were decisions recorded and published, and were conflicts of interest managed?',
			'Where do the three barriers NHS England names — commissioning, data and funding — show up locally, and what would remove them?'
		),
		h(2, '3. Evidence'),
		table(
			['Source', 'Owner', 'Due'],
			['Contract and grant register', '[ICB]', '[date]'],
			['Survey of VCSE providers', '[VCSE Alliance]', '[date]'],
			['Case studies of three commissions', '[joint]', '[date]']
		),
		h(2, '4. Findings'),
		p('[To be written with the evidence.]'),
		h(2, '5. Recommendations and actions'),
		p(
			'Each recommendation becomes an action with an owner organisation and a due date in the decision register, so its progress can be followed and reported at the 12-month review.'
		),
		...definitions(),
		...signOff(),
		...sources(
			[
				'NHS England: A framework for addressing practical barriers to integration of VCSE organisations in ICSs',
				'https://www.england.nhs.uk/long-read/a-framework-for-addressing-practical-barriers-to-integration-of-vcse-organisations-in-integrated-care-systems/'
			],
			[
				'PSR regulation 25: annual summary',
				'https://legislation.gov.uk/uksi/2023/1348/regulation/25/made?view=plain'
			],
			[
				'PPN 001: SME and VCSE procurement spend targets',
				'https://gov.uk/government/publications/ppn-001-sme-and-vcse-procurement-spend-targets/procurement-policy-note-001-sme-and-vcse-procurement-spend-targets-html'
			],
			[
				'Shared Purpose: What makes a good partnership agreement',
				'https://www.sharedpurpose.co.uk/articles/partnership-agreements'
			]
		)
	)
};

export const TEMPLATES: Record<TemplateKey, Template> = {
	social_value: socialValue,
	reimbursement,
	procurement_principles: procurement,
	commissioning_review: commissioningReview
};

export function isTemplateKey(k: string): k is TemplateKey {
	return k in TEMPLATES;
}

/** A blank document: one empty heading for the title. */
export function blankContent(title: string): PMNode {
	return doc(h(1, title), p(''));
}
