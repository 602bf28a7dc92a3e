/**
 * How the checks read numbers the way people write them: "ten per cent", "10 percent" and "a tenth" are 10%;
 * "thirty (30) days" is 30 days; "no later than 30 calendar days" is at most 30 days; and a clause that says
 * what the policy will *not* do ("we will not apply a 5% weighting") does not count as its number.
 */

const UNITS = [
	'zero',
	'one',
	'two',
	'three',
	'four',
	'five',
	'six',
	'seven',
	'eight',
	'nine',
	'ten',
	'eleven',
	'twelve',
	'thirteen',
	'fourteen',
	'fifteen',
	'sixteen',
	'seventeen',
	'eighteen',
	'nineteen'
];
const TENS = ['', '', 'twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety'];

const UNIT_RE = UNITS.join('|');
const TENS_RE = TENS.filter(Boolean).join('|');
const NUMBER_WORDS = new RegExp(
	`\\b(?:(${TENS_RE})(?:[- ](${UNITS.slice(1, 10).join('|')}))?|(${UNIT_RE})|(a|one) hundred)\\b`,
	'g'
);

function wordsToDigits(s: string): string {
	return s.replace(NUMBER_WORDS, (m, tens?: string, unit?: string, small?: string, hundred?: string) => {
		if (hundred) return '100';
		if (small) return String(UNITS.indexOf(small));
		return String(TENS.indexOf(tens ?? '') * 10 + (unit ? UNITS.indexOf(unit) : 0));
	});
}

/** Typographic quotes, dashes and spaces as plain ones. */
const PLAIN: Record<string, string> = {
	'\u2018': "'",
	'\u2019': "'",
	'\u02bc': "'",
	'\u201c': '"',
	'\u201d': '"',
	'\u2010': '-',
	'\u2011': '-',
	'\u2012': '-',
	'\u2013': '-',
	'\u00a0': ' '
};

/** "a tenth", "one week" and the like. */
const A_ONE: Record<string, string> = { tenth: '10%', fifth: '20%', week: '1 week', month: '1 month' };

/**
 * Where any step of `normalise` has something to do: a typographic quote, dash or space, "tenth", "fifth",
 * "week" or "month", a number word, "(", a number before "%", "per" or "pc", or " than". Most blocks have none
 * of these (five in six of the corpus' lines), and then one pass of this pattern is the whole of the work.
 */
const STEPS = new RegExp(
	`[\\u2018\\u2019\\u02bc\\u201c\\u201d\\u2010-\\u2013\\u00a0]|tenth|fifth|week|month|\\b(?:${TENS_RE}|${UNIT_RE}|hundred)\\b|\\(|\\d\\s*(?:%|per|pc)| than`
);

/** Lower case, numbers as digits, percentages as "N%", "N (N)" as "N", "no later than" as "within". */
export function normalise(s: string): string {
	let t = s.toLowerCase();
	if (!STEPS.test(t)) return t;
	// Each step runs only where its words can be.
	t = t.replace(/[\u2018\u2019\u02bc\u201c\u201d\u2010-\u2013\u00a0]/g, (c) => PLAIN[c]);
	if (/tenth|fifth|week|month/.test(t))
		t = t.replace(/\b(?:a|one) (tenth|fifth|week|month)\b/g, (m, w: string) => A_ONE[w]);
	t = wordsToDigits(t);
	if (t.includes('(')) t = t.replace(/(\d+(?:\.\d+)?)\s*\((\d+(?:\.\d+)?)\)/g, '$1');
	if (/\d\s*(%|per|pc)/.test(t)) t = t.replace(/(\d)\s*(?:%|per[- ]?cent\b|pc\b)/g, '$1%');
	if (t.includes(' than'))
		t = t.replace(
			/\b(?:not|no) (?:(less|fewer|shorter|earlier|sooner)|more|later|longer) than\b/g,
			(m, least?: string) => (least ? 'at least' : 'within')
		);
	return t;
}

// Normalised texts by raw text: while someone types, every block but one is unchanged between runs.
const normalised = new Map<string, string>();
const KEPT = 20_000;

/** `normalise`, remembered for the last 20 000 texts. */
export function cachedNormalise(text: string): string {
	let t = normalised.get(text);
	if (t === undefined) {
		if (normalised.size > KEPT) normalised.clear();
		t = normalise(text);
		normalised.set(text, t);
	}
	return t;
}

/** Clauses of a normalised sentence or block: split at semicolons, full stops and "but". */
export function clauses(t: string): string[] {
	return t
		.split(/;|\.(?=\s|$)|:\s(?=[a-z])|\bbut\b|\bhowever\b|\binstead\b|\bwhereas\b/)
		.map((c) => c.trim())
		.filter(Boolean);
}

/** A clause that says what will not happen ("we will not apply a 5% weighting", "rather than 60 days"). */
export function negated(clause: string): boolean {
	return /\b(?:not|never|no longer|rather than|instead of|old policy|previous policy|used to)\b|n't\b/.test(
		clause
	);
}

export type Percent = { value: number; index: number };

export function percents(t: string): Percent[] {
	return [...t.matchAll(/(\d+(?:\.\d+)?)%/g)].map((m) => ({ value: Number(m[1]), index: m.index ?? 0 }));
}

export type Duration = {
	n: number;
	unit: 'working' | 'calendar' | 'week' | 'month';
	index: number;
	text: string;
};

/** "30 days", "8 working days", "30-day terms", "12 weeks", "3 months'". Plain "days" count as calendar days. */
export function durations(t: string): Duration[] {
	const out: Duration[] = [];
	const re = /(\d+(?:\.\d+)?)[- ](?:(working|business|calendar|clear)[- ])?(day|week|month)s?\b/g;
	for (const m of t.matchAll(re)) {
		const kind = m[3];
		const unit =
			kind === 'week'
				? 'week'
				: kind === 'month'
					? 'month'
					: m[2] === 'working' || m[2] === 'business'
						? 'working'
						: 'calendar';
		out.push({ n: Number(m[1]), unit, index: m.index ?? 0, text: m[0] });
	}
	return out;
}

/** A duration as working days, counting five working days in a week and rounding calendar days down. */
export function workingDays(d: Duration): number {
	if (d.unit === 'working') return d.n;
	if (d.unit === 'week') return d.n * 5;
	if (d.unit === 'month') return d.n * 20;
	return Math.floor((d.n * 5) / 7);
}

/** A duration as calendar days (a working day counted as 7/5 of a day, a month as 30 days). */
export function calendarDays(d: Duration): number {
	if (d.unit === 'calendar') return d.n;
	if (d.unit === 'week') return d.n * 7;
	if (d.unit === 'month') return d.n * 30;
	return Math.ceil((d.n * 7) / 5);
}

/** A small, stable hash of a text (FNV-1a, 32 bits, hex): a dismissal holds while it is unchanged. */
export function fingerprint(s: string): string {
	let h = 0x811c9dc5;
	const t = s.replace(/\s+/g, ' ').trim();
	for (let i = 0; i < t.length; i++) {
		h ^= t.charCodeAt(i);
		h = Math.imul(h, 0x01000193);
	}
	return (h >>> 0).toString(16).padStart(8, '0');
}
