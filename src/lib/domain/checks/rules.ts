// The rules behind the checks in catalogue.ts. Each reads the document (context.ts) and returns what it found
// missing or wrong. They look for what a careful reader looks for; docs/checks.md says what they cannot know.
import type { Ctx, Hit } from './context.ts';
import type { Block } from './structure.ts';
import { calendarDays, clauses, durations, negated, percents, workingDays } from './text.ts';

type Rule = (c: Ctx) => Hit[];

/** Lists the parts that are missing: "travel and childcare or carer costs". */
function listMissing(parts: [boolean, string][]): string[] {
	return parts.filter(([ok]) => !ok).map(([, name]) => name);
}

function joinAnd(items: string[]): string {
	return items.length < 2 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

// ---------------------------------------------------------------------------------------------------------
// Social value

const WEIGHT_WORDS =
	/weight|score|evaluation|carr(y|ies)|counts? for|accounts? for|worth|allocated|minimum|at least|of the (total|overall)/;
const SOURCE_CLAUSE = /\bppn\b|nhs england|central government|guidance|the act\b|regulations/;

const SV1: Rule = (c) => {
	const min = c.config.minWeighting;
	const found: { value: number; block: Block }[] = [];
	for (const b of c.findAll(/\d%/)) {
		if (b.kind === 'heading') continue;
		const sectionName = c.sectionOf(b).name;
		const inWeightSection = /weight|evaluat|scor/.test(sectionName);
		if (b.kind === 'row') {
			// A weighting table: only the social value row counts.
			if (/social value/.test(b.t) && (inWeightSection || /weight/.test(b.t)))
				for (const p of percents(b.t)) found.push({ value: p.value, block: b });
			continue;
		}
		for (const clause of clauses(b.t)) {
			if (!/\d%/.test(clause) || negated(clause) || SOURCE_CLAUSE.test(clause)) continue;
			const aboutSocialValue = /social value/.test(clause) || /social value/.test(sectionName);
			if (!(aboutSocialValue || inWeightSection) || !(WEIGHT_WORDS.test(clause) || inWeightSection)) continue;
			// "evaluate 30% on price" in a weighting section is about price, not social value.
			if (/\b(price|cost|quality)\b/.test(clause) && !/social value/.test(clause)) continue;
			for (const p of percents(clause)) found.push({ value: p.value, block: b });
		}
	}
	if (!found.length)
		return [
			{
				message: `No social value weighting is stated; tenders should give social value at least ${min}% of the evaluation.`,
				passage: c.find(/weight/),
				section: c.home(/weight|evaluat|scor/)
			}
		];
	const low = found.filter((f) => f.value < min);
	return low.length
		? [
				{
					message: `The social value weighting of ${low[0].value}% is below the ${min}% minimum.`,
					passage: low[0].block
				}
			]
		: [];
};

const MISSIONS =
	/ppn 0?02\b|kick-?start economic growth|clean energy superpower|take back our streets|break down barriers to opportunity|nhs fit for the future/;
const OLD_THEMES =
	/ppn 0?6\/20|covid-19 recovery|economic inequality|fight(ing)? climate change|equal opportunit(y|ies)/;

const SV2: Rule = (c) => {
	if (c.has(MISSIONS)) return [];
	const old = c.find(OLD_THEMES);
	return old
		? [
				{
					message:
						'The policy uses the PPN 06/20 themes but none of the PPN 002 missions that replaced them in 2025.',
					passage: old
				}
			]
		: [];
};

const SV3: Rule = (c) => {
	const proportion = c.has(/\bproportiona(te|lity)\b|relevant to the (subject|contract)/);
	// Blocks about small organisations, or under a heading about them, that promise them something.
	const smallWords = /\b(small|micro|smes?|local charit\w*|community groups?)\b/;
	const small = c
		.blocksIn(smallWords, c.sectionsNamed(smallWords))
		.some((b) =>
			/not (be )?(disadvantag|scored down|penalis|face disproportionate)|disadvantag|simplif|light(er)?|short(er)? (form|pledge|statement|written|interview)|\d-page|not be asked|support|help|conversation|interview|existing|accept/.test(
				b.t
			)
		);
	const missing = listMissing([
		[proportion, 'a statement that social value asks are relevant and proportionate'],
		[small, 'a safeguard for small VCSE organisations']
	]);
	return missing.length
		? [
				{
					message: `The policy does not include ${joinAnd(missing)}.`,
					section: c.home(/proportion|small|fair|supplier/, /weight/)
				}
			]
		: [];
};

const SV4: Rule = (c) => {
	const clause = c.has(
		/(into|in|part of|within) (the |their |each |every )?contracts?\b|contract(ual)? (clause|term|condition)s?|\bcontractual\b|become contract|clauses?\b/
	);
	const kpi = c.has(
		/\bkpis?\b|performance indicators?|reporting metrics?|\bsrms?\b|measures? (of|for) (delivery|success)/
	);
	const cycle = c.has(
		/quarterly|every quarter|each quarter|annual(ly)?\b|yearly|every (year|month|\d+ months)|each (year|month)|six-monthly|monthly|\d+-monthly/
	);
	const missing = listMissing([
		[clause, 'a contract clause'],
		[kpi, 'indicators (KPIs)'],
		[cycle, 'a reporting cycle']
	]);
	return missing.length
		? [
				{
					message: `Social value commitments are not backed by ${joinAnd(missing)}.`,
					section: c.home(/monitor|report|deliver|contract|measur|track|after/)
				}
			]
		: [];
};

const HEALTH_SERVICES =
	/health ?care services|community health services|mental health services|primary care services|clinical services|nhs-funded (health|care)|health services/;

const SV5: Rule = (c) => {
	const health = c.find(HEALTH_SERVICES);
	if (!health || c.has(/provider selection regime|\bpsr\b/)) return [];
	return [
		{
			message:
				'Health care services are in scope, but the Provider Selection Regime, where social value is one of five key criteria, is not mentioned.',
			passage: health
		}
	];
};

// ---------------------------------------------------------------------------------------------------------
// Involvement and reimbursement

const INV1: Rule = (c) => {
	const expenses = c.has(/expenses?|out-of-pocket|reimburs|repay|costs? (are|is) (covered|paid)/);
	const travel = c.has(/\btravel|mileage|\bfares?\b|\btaxis?\b|\btrains?\b|\bparking\b|\btickets?\b/);
	const care = c.has(
		/child ?care|\bcarers?'?s?'? (costs?|cover)|replacement (carer|care)|cost of (a )?(replacement )?carer|care for dependants|dependants?'? care|respite/
	);
	if (!expenses)
		return [
			{
				message:
					'There is no expenses clause: say which out-of-pocket costs are repaid, including travel and care.',
				section: c.home(/expense|cost|pay/)
			}
		];
	const missing = listMissing([
		[travel, 'travel'],
		[care, 'childcare or replacement carer costs']
	]);
	return missing.length
		? [
				{
					message: `The expenses clause does not cover ${joinAnd(missing)}.`,
					passage: c.find(/expenses?|reimburs|repay/),
					section: c.home(/expense/)
				}
			]
		: [];
};

const INV2: Rule = (c) => {
	// About payment or costs: the block itself or its heading.
	const paid = /pa(y|id)|claim|reimburs/;
	const costs = /pa(y|id)|travel|ticket|cost|expense|book/;
	const timescale = c
		.findAll(
			/\b(within|no later than|by) \d+|\d+ (calendar |working |business )?days? (of|from|after)|(every|each) (week|month|fortnight)|end of the (following )?month/
		)
		.some((b) => paid.test(b.t) || paid.test(c.sectionOf(b).name));
	const advance = c
		.findAll(
			/in advance|advance (payment|booking)|up ?front|pre-?paid|book\w* .{0,30}for you|book (your )?(travel|tickets)/
		)
		.some((b) => costs.test(b.t) || costs.test(c.sectionOf(b).name));
	const missing = listMissing([
		[timescale, 'a payment timescale ("within N days")'],
		[advance, 'a way to book or pay costs in advance']
	]);
	return missing.length
		? [
				{
					message: `The policy does not include ${joinAnd(missing)}.`,
					section: c.home(/when|timescale|timing|paying|payment|pay/)
				}
			]
		: [];
};

const NHSE_RATE = /nhs england('s)? (\w+ ){0,3}rates?\b/;

const INV3: Rule = (c) => {
	const hits: Hit[] = [];
	// A rate: an amount for a length of time or an activity, or an amount in a levels, rates or payment table.
	// Blocks that name an NHS England rate or an amount, then those that give a rate.
	const rateBlocks = c
		.findAll(/nhs england('s)? (\w+ ){0,3}rates?\b|£\s?[\d[]/)
		.filter(
			(b) =>
				NHSE_RATE.test(b.t) ||
				(/£\s?[\d[]/.test(b.t) &&
					(/£\s?[\d[][^|\n]{0,12}\b(per|an?|each|for (a|each))\b\s*(hour|day|half[- ]day|session|meeting|event|workshop)/.test(
						b.t
					) ||
						(/level|rate|pay/.test(c.sectionOf(b).name) && b.kind !== 'paragraph')))
		);
	if (rateBlocks.length) {
		// Each section holding a rate once.
		const dated = [...new Set(rateBlocks.map((b) => c.sectionOf(b)))].some((s) => {
			const here = c.textOf(s);
			// A date to be filled in ("effective from [date]") counts: the template leaves it to the partnership.
			return /(effective|appl(y|ies)|take effect|from|as at|as of|with effect)\b[^.\n]{0,40}(\b20\d\d|\[)|review(ed)?\b[^.\n]{0,25}(\b20\d\d|\bevery|\beach|\bannual|\[)|annual(ly)? review/.test(
				here
			);
		});
		if (!dated)
			hits.push({
				message: 'The rates have no date they apply from and no review date.',
				passage: rateBlocks[0]
			});
	}
	const nhse = c.find(NHSE_RATE);
	if (
		nhse &&
		!/https?:|par869|reimbursing expenses and paying involvement payments|\(v\d|policy,? v\d/.test(nhse.t)
	)
		hits.push({
			message: 'An "NHS England rate" is given without saying where it comes from.',
			passage: nhse
		});
	return hits;
};

const INV4: Rule = (c) => {
	const earnings = c.has(
		/(count|counted|treated|taken into account|affect)\w*\b[^.\n]{0,40}\b(earnings|income|benefits?)|may affect your benefits/
	);
	const decline = c.has(
		/declin|choose not to (be paid|accept)|refuse|opt out|take (less|part of|a (lower|smaller))|smaller amount|lower amount|waive/
	);
	const advice = c.has(/independent ([\w-]+ ){0,2}advi[cs]e|citizens advice|welfare[- ]rights advi/);
	const missing = listMissing([
		[decline, 'the right to decline payment'],
		[advice, 'independent advice'],
		[earnings, 'that payments may count as earnings for benefits']
	]);
	if (missing.length === 3)
		return [
			{
				message:
					'There is no benefits notice: the right to decline payment, independent advice, and that payments may count as earnings.',
				section: c.home(/benefit/)
			}
		];
	return missing.length
		? [
				{
					message: `The benefits notice does not cover ${joinAnd(missing)}.`,
					passage: c.find(/benefit/),
					section: c.home(/benefit/)
				}
			]
		: [];
};

const INV5: Rule = (c) => {
	const tax = c.has(/\btax(able|ed)?\b|national insurance|\bni\b|payroll/);
	const status = c.has(
		/\b(not|no)\b[^.\n]{0,30}\b(employees?|employed|employment|workers?)\b|volunteers?,? not|self-employed/
	);
	const missing = listMissing([
		[tax, 'tax and National Insurance'],
		[status, 'employment status (not an employee, worker or agent)']
	]);
	return missing.length
		? [
				{
					message: `The policy says nothing about ${joinAnd(missing)}.`,
					section: c.home(/tax|status/, /benefit/, /pay/)
				}
			]
		: [];
};

const INV6: Rule = (c) => {
	// A level named beside a payment, or a table or list of payments under a "levels" or "roles" heading.
	const mapped = c
		.findAll(/£\s?\d|expenses only|no payment|\bnone\b|\brate\b/)
		.some(
			(b) =>
				/\blevel \d|\blevel (1|2|3|4)\b/.test(b.t) ||
				(/level|role/.test(c.sectionOf(b).name) && (b.kind === 'row' || b.kind === 'item'))
		);
	return mapped
		? []
		: [
				{
					message: 'There are no levels of involvement mapped to what each is paid.',
					section: c.home(/level|rate|payment|pay/)
				}
			];
};

const INV7: Rule = (c) => {
	const adjustments = c.has(
		/adjustments?|access needs|accessib|large print|interpret|sign language|\bbsl\b|easy read/
	);
	const feedback = c.has(
		/feed ?back (to you|on|within|to (participants|people))|report(s|ed)? back (to (you|participants|people|them)|on)|tell (you|them|\w+ members) (what|how)|what (changed|difference)|difference (your|their)|impact of (your|their)|as a result of (your|their)|you said,? we did/
	);
	const missing = listMissing([
		[adjustments, 'adjustments for people who need them'],
		[feedback, 'a commitment to feed back the difference involvement made']
	]);
	return missing.length
		? [
				{
					message: `The policy does not include ${joinAnd(missing)}.`,
					section: c.home(/adjust|access|feedback/)
				}
			]
		: [];
};

const INV8: Rule = (c) => {
	const attend = c
		.findAll(/\b(vcse|voluntary|sector)\b/)
		.find((b) => /\battend|send (a )?representatives?|sit on|members of the board/.test(b.t));
	if (!attend) return [];
	if (
		c.has(
			/back-?fill|cost of (their|staff|representatives'?) time|full cost recovery|paid for (their )?(time|backfill)|pay\w* (the|their|each) (\w+'s )?organisation/
		)
	)
		return [];
	return [
		{
			message:
				'VCSE representatives are expected to attend without backfill or payment for their organisation.',
			passage: attend
		}
	];
};

// ---------------------------------------------------------------------------------------------------------
// Procurement principles

const PR1: Rule = (c) =>
	c.has(
		/provider selection regime|\bpsr\b|procurement act|public contracts regulations|grant-funded|funded by grants?|by grant\b|\bgrants? (policy|programme|scheme|for)\b|or grants?\b(?! or)|; grants;/
	)
		? []
		: [
				{
					message:
						'The policy does not say which rules apply: the Provider Selection Regime, the Procurement Act 2023, or grant funding.',
					section: c.home(/rule|regime|legal|framework|scope/) ?? c.sections[0] ?? null
				}
			];

const PR2: Rule = (c) => {
	const text = c.context(/conflict|interest/, /conflict|interests?\b/);
	if (!text)
		return [
			{
				message:
					'There is no conflicts of interest section: declaring, recording, stepping aside and publishing.',
				section: c.home(/panel|decision|transparen/)
			}
		];
	const missing = listMissing([
		[/declar/.test(text), 'declaring'],
		[/record|register/.test(text), 'recording'],
		[
			/recus|withdraw|step\w* (out|aside|back)|leave\w* the (room|meeting)|take no part|not take part|excluded|no part in|stand aside|abstain|step out/.test(
				text
			),
			'stepping aside from the decision'
		],
		[/publish|public/.test(text), 'publishing']
	]);
	return missing.length
		? [
				{
					message: `The conflicts of interest section does not cover ${joinAnd(missing)}.`,
					section: c.home(/conflict|interest/)
				}
			]
		: [];
};

const PR3: Rule = (c) => {
	const uses = c.has(
		/provider selection regime|\bpsr\b|direct award|most suitable provider|competitive process/
	);
	if (!uses) return [];
	const hits: Hit[] = [];
	const misnamed = c.find(
		/direct award process(es)? [d-z]\b|direct award process \d|most (capable|economically advantageous|appropriate|suitable supplier)\w* (provider )?process|most capable provider|competitive (tendering|dialogue) process/
	);
	if (misnamed)
		hits.push({
			message:
				'A process is misnamed: the PSR names Direct Award Processes A, B and C, the Most Suitable Provider process and the Competitive Process.',
			passage: misnamed
		});
	// Blocks about criteria or assessment, and every block of a section that names criteria.
	const criteriaSections = [
		...c.sections.filter((s) => s.name.includes('criteri')),
		...c.sectionsMatching(/criteri/)
	];
	const where = c.blocksIn(/criteri|assess|quality|evaluat|weigh/, criteriaSections);
	const text = where.map((b) => b.t).join('\n');
	const missing = listMissing([
		[/quality and innovation|\binnovation\b/.test(text), 'quality and innovation'],
		[/(?<!social )\bvalue\b(?! for money)|value for money/.test(text), 'value'],
		[
			/integration|collaboration|sustainab/.test(text),
			'integration, collaboration and service sustainability'
		],
		[
			/access|health inequalit|choice/.test(text),
			'improving access, reducing health inequalities and facilitating choice'
		],
		[/social value/.test(text), 'social value']
	]);
	if (missing.length)
		hits.push({
			message: `The PSR key criteria are incomplete: ${joinAnd(missing)} ${missing.length > 1 ? 'are' : 'is'} missing.`,
			passage: where.find((b) => /criteri|assess/.test(b.t)),
			section: c.home(/criteri|psr|provider selection|choosing|award/)
		});
	return hits;
};

const PR4: Rule = (c) => {
	const min = c.config.minStandstillDays;
	// Blocks that speak of the standstill, and every block under a standstill heading ("8 working days.").
	const blocks = c
		.blocksIn(
			/standstill/,
			c.sections.filter((s) => s.name.includes('standstill'))
		)
		.filter((b) => b.kind !== 'heading');
	for (const b of blocks) {
		const underHeading = c.sectionOf(b).name.includes('standstill');
		for (const clause of clauses(b.t)) {
			// "a further 5 working days" after representations is not the standstill itself.
			if (negated(clause) || /further|additional|extra|representation|notice within/.test(clause)) continue;
			if (!underHeading && !/standstill/.test(clause)) continue;
			const short = durations(clause).find((d) => workingDays(d) < min);
			if (short)
				return [
					{ message: `The standstill of ${short.text} is shorter than ${min} working days.`, passage: b }
				];
		}
	}
	return [];
};

const PR5: Rule = (c) => {
	const records = c.has(
		/regulation 24|reg\.? 24\b|records? of (each|every|all|the)? ?(award )?decisions?|keep\w* (full )?records|decision records|record\w* (each|every|all)? ?(award )?decisions?/
	);
	const summary = c.has(/annual summary|regulation 25|reg\.? 25\b|publish\w*[^.\n]{0,30}annual/);
	const missing = listMissing([
		[records, 'a record of each decision (regulation 24)'],
		[summary, 'a published annual summary (regulation 25)']
	]);
	return missing.length
		? [
				{
					message: `The policy does not commit to ${joinAnd(missing)}.`,
					section: c.home(/record|transparen|report/)
				}
			]
		: [];
};

const PR6: Rule = (c) => {
	const max = c.config.maxPaymentDays;
	let stated = false;
	for (const b of c.findAll(/\d[- ](\w+[- ])?(day|week|month)/)) {
		if (b.kind === 'heading') continue;
		const inPay = /pay|invoice/.test(c.sectionOf(b).name);
		for (const clause of clauses(b.t)) {
			if (!(inPay || /\bpa(y|id|yment)|invoice/.test(clause))) continue;
			const ds = durations(clause).filter((d) => d.unit !== 'month' || /pay|invoice/.test(clause));
			if (!ds.length || /notice|consult|standstill/.test(clause)) continue;
			if (negated(clause)) continue;
			stated = true;
			const long = ds.find((d) => calendarDays(d) > max);
			if (long)
				return [{ message: `Payment terms of ${long.text} are longer than ${max} days.`, passage: b }];
		}
	}
	return stated
		? []
		: [
				{
					message: `There are no payment terms; providers should be paid within ${max} days of a valid invoice.`,
					section: c.home(/pay|invoice|financ/)
				}
			];
};

const PR7: Rule = (c) =>
	c.has(/full[- ]cost|overheads?|core costs/)
		? []
		: [
				{
					message:
						'There is no full cost recovery statement: funding should cover direct costs and a fair share of overheads.',
					section: c.home(/cost|fund|pay/)
				}
			];

const PR8: Rule = (c) => {
	// Sections that speak of barriers (in the heading or the text) and of small providers.
	const barriers = [...c.sectionsNamed(/barriers?/), ...c.sectionsMatching(/barriers?/)].some((s) =>
		/\b(small|smes?|micro)\b/.test(c.textOf(s) + ' ' + s.name)
	);
	const lots = c.has(/\blots?\b(?! of)|\blotting\b/);
	const market = c.has(
		/market engagement|engag\w* (with )?the market|market (events|testing|sounding)|engage.{0,20}market/
	);
	const missing = listMissing([
		[barriers, 'reducing barriers for small providers'],
		[lots, 'lots'],
		[market, 'market engagement']
	]);
	return missing.length
		? [
				{
					message: `The policy makes no commitment on ${joinAnd(missing)}.`,
					section: c.home(/small|provider|market|sme/)
				}
			]
		: [];
};

const PR9: Rule = (c) => {
	const notice = [
		...c.all.matchAll(/(\d+) (month|week)s?'? (written )?notice|notice of (at least )?(\d+) (month|week)s?/g)
	].map((m) => {
		const n = Number(m[1] ?? m[5]);
		return (m[2] ?? m[6]) === 'week' ? n / 4.33 : n;
	});
	const consult = [
		...c.all.matchAll(/consult\w*[^.\n;]{0,40}?(\d+)[- ]weeks?|(\d+)[- ]weeks?'?( long)? consultation/g)
	].map((m) => Number(m[1] ?? m[2]));
	const problems: string[] = [];
	if (!notice.length) problems.push('no notice period for funding changes (3 months)');
	else if (Math.max(...notice) < 3)
		problems.push('a notice period for funding changes shorter than 3 months');
	if (!consult.length) problems.push('no consultation period (12 weeks)');
	else if (Math.max(...consult) < 12) problems.push('a consultation period shorter than 12 weeks');
	return problems.length
		? [
				{
					message: `The policy has ${joinAnd(problems)}.`,
					section: c.home(/notice|consult|change|stabil/)
				}
			]
		: [];
};

const PR10: Rule = (c) =>
	c.has(/\bgrants?\b|grant-funded/)
		? []
		: [
				{
					message: 'The policy does not say whether funding is given as a grant or under a contract.',
					section: c.home(/rule|regime|agreement|grant|contract/)
				}
			];

// ---------------------------------------------------------------------------------------------------------
// All policies

const G1: Rule = (c) => {
	// (A row "signed for" is among them.)
	const signed = c.findAll(/signed|agreed (by|on behalf)|approved by|on behalf of|signatur/);
	const signOff = c.sectionsNamed(/sign|agree|approv|version|review/);
	const text = [...signed.map((b) => b.t), ...signOff.map((s) => c.textOf(s))].join('\n');
	const missing = listMissing([
		[/\bvcse\b|voluntary|\bcvs\b|healthwatch|charit|community/.test(text), 'a VCSE co-signatory'],
		[
			/\bicb\b|integrated care board|council|\bnhs\b|\btrust\b|local authority|statutory/.test(text),
			'a statutory co-signatory'
		],
		[c.has(/\bversion\b\s*:?\s*(\[|\d)|\bv\d+(\.\d+)?\b/), 'a version number'],
		[c.has(/review date|next review|to be reviewed|reviewed (by|in|on)\b|review: /), 'a review date']
	]);
	return missing.length
		? [
				{
					message: `The policy does not include ${joinAnd(missing)}.`,
					section: c.home(/sign|agree|approv|version|review/)
				}
			]
		: [];
};

const definition = (term: string) =>
	new RegExp(
		`(by|"|\\*\\*)\\s*"?(${term})\\b[^.\\n]{0,30}\\bwe mean|(${term})"?\\s*(\\*\\*)?\\s*(:|means\\b|is defined|refers to)|we define`
	);

/** The term, its label, and how a sentence defining it reads ("By co-production we mean", "X means", "**X**:"). */
const TERMS: [RegExp, string, RegExp][] = [
	[/by and for/, '"by and for"', definition('by and for')],
	[/co-?produc\w*/, '"co-production"', definition('co-?produc\\w*')],
	[/equal partner/, '"equal partner"', definition('equal partners?')]
];

const G2: Rule = (c) => {
	const hits: Hit[] = [];
	const defSections = c.sectionsNamed(/mean|definition|glossary|terms/);
	for (const [re, label, defines] of TERMS) {
		if (!c.has(re)) continue;
		const uses = c.findAll(re);
		const defined =
			defSections.some((s) => re.test(c.textOf(s)) || re.test(s.name)) || uses.some((b) => defines.test(b.t));
		const used = uses.find((b) => b.kind !== 'heading') ?? uses[0];
		if (!defined)
			hits.push({
				message: `${label} is used without saying what the partnership means by it.`,
				passage: used
			});
	}
	return hits;
};

const G3: Rule = (c) => {
	const rep = c.findAll(/representatives?\b|panel of \d+ (vcse|lived experience)? ?members/).find(
		(b) =>
			// Representatives in a role: on a board, panel, group or committee.
			(/representatives?\b/.test(b.t) &&
				/\b(vcse|voluntary|sector|alliance|community)\b/.test(b.t) &&
				/\b(board|panel|group|committee|forum|steering|partnership)\b/.test(b.t)) ||
			/panel of \d+ (vcse|lived experience)? ?members/.test(b.t)
	);
	if (!rep) return [];
	const section = c.sectionOf(rep);
	const text = [c.textOf(section), ...c.findAll(/representatives?/).map((b) => b.t)].join('\n');
	const missing = listMissing([
		[
			/elect|nominat|select|chosen|choose|appoint|ballot|open (process|recruitment)/.test(text),
			'how they are chosen'
		],
		[/\bterm\b|\d[- ]years?\b|serves? (for )?\d/.test(text), 'their term'],
		[/report\w* (back|to)|accountab|answerable/.test(text), 'to whom they are accountable'],
		[/miss(ed|ing|es)? (\d+ )?meetings?|attendance|stand\w* down/.test(text), 'an attendance rule']
	]);
	return missing.length
		? [
				{
					message: `VCSE representatives are named without ${joinAnd(missing)}.`,
					passage: rep,
					section
				}
			]
		: [];
};

export const RULES: Record<string, Rule> = {
	SV1,
	SV2,
	SV3,
	SV4,
	SV5,
	INV1,
	INV2,
	INV3,
	INV4,
	INV5,
	INV6,
	INV7,
	INV8,
	PR1,
	PR2,
	PR3,
	PR4,
	PR5,
	PR6,
	PR7,
	PR8,
	PR9,
	PR10,
	G1,
	G2,
	G3
};
