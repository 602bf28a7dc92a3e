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
