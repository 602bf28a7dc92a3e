// The "older changes" cursor of the history pages and API: `<at>-<id>`, or nothing for the newest.
import { Invalid } from '../errors.ts';

export function readCursor(value: string | null): { at: number; id: string } | undefined {
	if (!value) return undefined;
	const m = /^(\d{1,15})-([a-z0-9]{1,40})$/.exec(value);
	if (!m) throw new Invalid('The "before" cursor is not one this history gave.');
	return { at: Number(m[1]), id: m[2] };
}

export const writeCursor = (c: { at: number; id: string } | null) => (c ? `${c.at}-${c.id}` : null);
