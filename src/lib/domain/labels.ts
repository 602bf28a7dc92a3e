// The words shown for stored codes, spelled once. Pages, exports, mail and the API's descriptions import them.

/** A chamber (an organisation's sector) as a heading, a table cell or a tag. */
export const SECTOR_LABELS = { vcse: 'VCSE', statutory: 'Statutory' } as const;
/** A chamber inside a sentence: "the statutory chamber", "(VCSE)". */
export const SECTOR_WORDS = { vcse: 'VCSE', statutory: 'statutory' } as const;

/** A sector's label, `none` for an organisation-less contribution, or the code itself when unknown. */
export function sectorLabel(sector: string | null | undefined, none = 'No organisation'): string {
	if (!sector) return none;
	return SECTOR_LABELS[sector as keyof typeof SECTOR_LABELS] ?? sector;
}

/** A sector inside a sentence ("statutory"), or the code itself when unknown. */
export function sectorWord(sector: string): string {
	return SECTOR_WORDS[sector as keyof typeof SECTOR_WORDS] ?? sector;
}

/** A claim's status, as people read it. */
export const CLAIM_STATUS_LABELS = {
	draft: 'Draft, not submitted',
	submitted: 'Submitted, waiting for approval',
	queried: 'Queried: a question waits for the claimant',
	approved: 'Approved, waiting for payment',
	rejected: 'Not approved',
	paid: 'Paid'
} as const;

/** The notice every claimant reads before submitting (DOMAIN.md §2, INV4). */
export const BENEFITS_NOTICE = [
	'You have the right to decline payment, or to take less, and still take part. Declining is not treated as having been paid.',
	'If you receive benefits, get independent advice before you accept payment, even if you mean to decline: an advice service such as Citizens Advice can help, free of charge.',
	'Involvement payments may count as earnings or income for tax and benefits (HMRC and DWP decide); they go through payroll, with tax and National Insurance where they apply. Reimbursed out-of-pocket expenses are not payment.'
] as const;

/**
 * How a comment or suggestion whose author deleted their account is attributed: the organisation they wrote
 * for in that workspace then, if any.
 */
export function formerMember(organisation: string | null | undefined): string {
	return organisation ? `a former member of ${organisation}` : 'a former member';
}
