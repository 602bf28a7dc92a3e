/**
 * Keeping the keyboard focus when reloaded page data re-renders the part of the page that held it: an
 * accepted suggestion moves to "Decided", a resolved thread moves below the open ones, and the element that
 * had the focus is replaced or gone. Without help the focus falls to the page's body, and a keyboard or
 * screen-reader user starts again from the top of the page. Browser only.
 */
/**
 * `near`: the cards beside the one holding the focus, next one first, when it is a card in the margin
 * (`[data-margin-item]`): an accepted suggestion leaves the margin, and the next card is where the person was.
 */
export type FocusMark = { el: HTMLElement; id: string; labels: string[]; near: HTMLElement[] };

type Field = HTMLInputElement | HTMLTextAreaElement;
const isField = (el: Element): el is Field =>
	el instanceof HTMLTextAreaElement || (el instanceof HTMLInputElement && el.type === 'text');
/** Shown on the page: not hidden, and not inside a closed <details> (which still has boxes in Chromium). */
const shown = (el: Element) =>
	typeof el.checkVisibility === 'function' ? el.checkVisibility() : el.getClientRects().length > 0;

/** Notes where the focus is, before a reload: the element, its id and the headings naming its containers. */
export function markFocus(): FocusMark | null {
	const el = document.activeElement;
	if (!(el instanceof HTMLElement) || el === document.body) return null;
	const labels: string[] = [];
	for (let n = el.parentElement; n && n !== document.body; n = n.parentElement) {
		const by = n.getAttribute('aria-labelledby');
		if (by) labels.push(...by.split(/\s+/).filter(Boolean));
	}
	const item = el.closest('[data-margin-item]');
	const near = [item?.nextElementSibling, item?.previousElementSibling].filter(
		(n): n is HTMLElement => n instanceof HTMLElement && n.matches('[data-margin-item]')
	);
	return { el, id: el.id, labels, near };
}

/**
 * Follows the focus while a page waits on data that may re-render it: `last()` is where the focus was when the
 * re-render came, even when the person moved it after the reload started (typing a reply while the data is on
 * its way). Leaving an element for nothing (a click on blank space) forgets it, unless the element was taken
 * out of the page (the re-render's doing, not the person's) or the whole window lost the focus (the person
 * looked at another window and comes back to the same place). `stop()` removes the listeners.
 */
export function followFocus(): { last: () => FocusMark | null; stop: () => void } {
	let mark = markFocus();
	const onIn = () => (mark = markFocus() ?? mark);
	const onOut = (event: FocusEvent) => {
		const left = event.target;
		if (event.relatedTarget) return;
		queueMicrotask(() => {
			// Still the document's active element: the window lost the focus (another window or tab), not the field.
			if (left === document.activeElement) return;
			if (left instanceof HTMLElement && left.isConnected && mark?.el === left) mark = null;
		});
	};
	document.addEventListener('focusin', onIn);
	document.addEventListener('focusout', onOut);
	return {
		last: () => mark,
		stop: () => {
			document.removeEventListener('focusin', onIn);
			document.removeEventListener('focusout', onOut);
		}
	};
}

/**
 * After the reload, when the focus fell to the page's body: back to the same element when it is still shown
 * (SvelteKit sends the focus to the body after every successful form action, as a new page would), else to
 * the element that replaced it (same id), else to the heading of the next card in the margin (or the one
 * before), else to the heading of the nearest container still shown (the thread, the suggestion, the list).
 *
 * `othersChange`: the reload came from someone else's change (the page was told comments changed), and the
 * mark comes from `followFocus`, which forgets an element the person left: text typed into a replaced field is
 * carried over to its replacement (someone else resolved the thread they were replying to).
 */
export function restoreFocus(mark: FocusMark | null, opts: { othersChange?: boolean } = {}): void {
	if (!mark) return;
	const now = document.activeElement;
	if (now && now !== document.body) return;
	if (mark.el.isConnected) {
		if (shown(mark.el)) mark.el.focus();
		return;
	}
	const same = mark.id ? document.getElementById(mark.id) : null;
	if (same && shown(same)) {
		if (opts.othersChange && isField(same) && isField(mark.el) && !same.value && mark.el.value) {
			same.value = mark.el.value;
			same.setSelectionRange(same.value.length, same.value.length);
		}
		return same.focus();
	}
	const card = mark.near.find((el) => el.isConnected && shown(el));
	if (focusHeading(card?.querySelector<HTMLElement>('h1, h2, h3, h4, h5, h6') ?? null)) return;
	for (const id of mark.labels) if (focusHeading(document.getElementById(id))) return;
}

/** Focuses a heading when it is shown (made focusable from script); true when it took the focus. */
function focusHeading(heading: HTMLElement | null): boolean {
	if (!heading || !shown(heading)) return false;
	if (!heading.hasAttribute('tabindex')) heading.setAttribute('tabindex', '-1');
	heading.focus();
	return document.activeElement === heading;
}

const TABBABLE = 'a[href], button, input, select, textarea, summary, [tabindex], [contenteditable="true"]';

/**
 * Moves the focus to the next (`step` 1) or previous (-1) element that Tab would reach from `from`, skipping
 * everything inside it; false when there is none. For a text editor whose own Tab handling has nothing to do.
 */
export function tabFrom(from: HTMLElement, step: 1 | -1): boolean {
	const after = (el: Element) => !!(from.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING);
	const candidates = [...document.querySelectorAll<HTMLElement>(TABBABLE)].filter(
		(el) =>
			el.tabIndex >= 0 &&
			!from.contains(el) &&
			!el.contains(from) &&
			!(el as HTMLButtonElement).disabled &&
			!el.closest('[inert]') &&
			shown(el)
	);
	const next = step === 1 ? candidates.find(after) : candidates.reverse().find((el) => !after(el));
	next?.focus();
	return !!next && document.activeElement === next;
}
