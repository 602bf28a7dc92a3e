// What the title page and every page's footer of an exported document say: which partnership, which document,
// its status and version, the date, and the SHA-256 of the text, so a printed copy can be matched to the
// version in Parity.
export type CoverSheet = {
	partnership: string;
	title: string;
	/** The kind of record ("Social value policy", "Decision record"). */
	kind: string;
	status: string;
	/** The named version, or what the text is when it is not one ("Current draft"). */
	version: string;
	/** The date in the workspace's time zone, in words. */
	date: string;
	hash: string;
	/** The language of the text, as a BCP 47 tag. */
	lang: string;
	/** Further lines for the title page (a decision's register entry …), label and value. */
	extra?: [string, string][];
};

/** The title page's lines, label and value, in order. */
export function coverLines(s: CoverSheet): [string, string][] {
	return [
		['Partnership', s.partnership],
		['Kind', s.kind],
		['Status', s.status],
		['Version', s.version],
		['Date', s.date],
		['SHA-256', s.hash],
		...(s.extra ?? [])
	];
}

/** The footer's first line (the second is the hash and the page number). */
export function footerLine(s: CoverSheet): string {
	return [s.partnership, s.title, s.status, s.version, s.date].join(' · ');
}

export type FileFormat = 'docx' | 'pdf';

export const FILE_TYPES: Record<FileFormat, string> = {
	docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
	pdf: 'application/pdf'
};

/** A file name for the download: the title's letters, digits, spaces and dashes. */
export function fileName(title: string, extension: string): string {
	const base =
		title
			.replace(/[^\p{L}\p{N} _-]+/gu, '')
			.replace(/\s+/g, ' ')
			.trim()
			.slice(0, 100) || 'document';
	return `${base}.${extension}`;
}

/** A Content-Disposition header that carries a file name of any letters (RFC 6266 with RFC 5987). */
export function attachment(name: string): string {
	const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
	return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}
