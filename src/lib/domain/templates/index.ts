// Starting drafts for the policies a VCSE–ICS partnership co-writes. Written from the partnership agreements
// and current UK practice (sources named in the text); figures that change are left for the partnership to
// fill in and date.
import { doc, h, ol, p, table, ul, type PMNode } from './build.ts';

export type TemplateKey =
	'social_value' | 'reimbursement' | 'procurement_principles' | 'commissioning_review';
export type Template = { key: TemplateKey; title: string; summary: string; content: PMNode };

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
			'Procurement Policy Note **PPN 002** (February 2025) replaced PPN 06/20 for central government from 1 October 2025 and sets a minimum **10 % weighting** for social value. The partners adopt it as a benchmark.',
			'Since April 2022 NHS purchasing of goods and services has carried a minimum 10 % net zero and social value weighting.',
			'Under the Provider Selection Regime, social value is one of the five key criteria for health care services.',
			'The National Procurement Policy Statement asks authorities to consider spend with small businesses and VCSE organisations and place-based value.'
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
			'Social value commitments become contract terms with key performance indicators, a reporting cycle ([quarterly]) and named owners. Commissioners review delivery at contract meetings and publish a yearly summary.'
		),
		h(2, '7. VCSE measures'),
		ul(
			'Share of spend with VCSE organisations, by size band.',
			'Volunteering and community capacity supported.',
			'Grants or subcontracts passed to grassroots and “by and for” organisations.'
		),
		...signOff()
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
			'People with lived experience, carers and VCSE organisations give time and expertise when they help us plan and review services. Statutory guidance on working in partnership with people and communities puts their voices at the centre of decision-making. Nobody should be out of pocket for taking part, and organisations should recover the full cost of the time their staff give.'
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
			'Involvement payments may be taxable and are paid through [payroll / an agreed route]; people taking part are not employees, workers or agents of the partners.',
			'Payments may count as earnings for benefits. Reimbursed expenses normally do not.',
			'Anyone may decline a payment, or take less, and we tell them in writing before they start what they will be paid and what expenses are covered.',
			'We make independent welfare-rights advice available before anyone accepts a payment.'
		),
		h(2, '7. VCSE organisations’ time'),
		p(
			'Where a VCSE organisation sends staff to partnership boards and groups, the partners pay for that time on a **full cost recovery** basis — salary plus a fair share of overheads — or fund backfill, so that taking part does not drain small organisations.'
		),
		h(2, '8. Adjustments and feedback'),
		p(
			'We ask everyone what they need to take part (access, formats, interpreters, timing) and we tell people what difference their involvement made.'
		),
		...signOff()
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
			'**Grants**: where the partners want to support an organisation’s own work rather than buy a defined service. Each funding decision states whether it is a grant or a contract.'
		),
		h(2, '2. Principles'),
		ol(
			'**Proportionate**: the process fits the size and risk of the contract; small awards use short, plain forms.',
			'**Open to small organisations**: we consider the barriers small providers face, use lots where they help, and explain when we do not.',
			'**Early conversation**: we talk to the market, including grassroots and “by and for” organisations, before we design a service.',
			'**Full cost recovery**: prices cover direct costs and a fair share of overheads.',
			'**Stable funding**: three-year or longer terms by default; at least three months’ written notice of any change to funding.',
			'**Paid on time**: undisputed invoices are paid within 30 days, and we pay in advance where a small organisation needs it.',
			'**Open about decisions**: who decided, how and why is recorded and published.'
		),
		h(2, '3. Provider Selection Regime: key criteria'),
		p(
			'Every decision under the regime assesses providers against the five key criteria and records how each was weighed:'
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
			'We keep a record of each decision and publish an annual summary of contracts awarded by process.'
		),
		h(2, '5. Conflicts of interest'),
		p(
			'Everyone involved declares interests before each decision. Declarations are recorded, conflicted people step back from the decision, and the register of declarations is published with the decision. VCSE representatives whose organisation could bid are treated the same way as any other member.'
		),
		h(2, '6. Reducing bureaucracy'),
		ul(
			'One set of due-diligence documents accepted by all partners.',
			'Monitoring proportionate to the grant or contract value.',
			'Plain-English specifications co-written with people who use the service.'
		),
		...signOff()
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
			'How were decisions recorded and published, and were conflicts of interest managed?'
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
		...signOff()
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
