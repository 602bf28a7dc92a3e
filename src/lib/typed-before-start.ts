/**
 * What a person typed, ticked or chose before the page's JavaScript arrived. On a weak connection the page is
 * readable and its forms usable seconds before the script starts; when it starts, the components take over
 * the server-rendered fields and set each one to the value they render (empty, for a new form), which would
 * wipe a name typed, a radio button chosen or an answer written meanwhile, and the browser would then refuse
 * to send the form for its empty required fields. The root layout notes the fields before the components take
 * over and puts them back once they have. Browser only.
 */
type Field = HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement;
type Typed =
	| { el: HTMLInputElement | HTMLTextAreaElement; value: string }
	| { el: HTMLInputElement; checked: boolean }
	| { el: HTMLSelectElement; selected: boolean[] };

const checkable = (el: HTMLInputElement) => el.type === 'checkbox' || el.type === 'radio';
/** Fields whose value is the page's own, never the person's. */
const notTyped = (el: HTMLInputElement) => el.type === 'hidden' || el.type === 'file';

/** What the root layout noted when the page's script started. */
let atStart: Typed[] = [];

/** Notes the page's fields as the script starts (the root layout), for `restoreTyped` and `typedBeforeStart`. */
export function noteTypedAtStart(): Typed[] {
	atStart = noteTyped();
	return atStart;
}

/**
 * Whether something was typed under `root` before the page's script started: a component that would take
 * such a part of the page away once its script runs (forms offered only without JavaScript) keeps it then.
 */
export function typedBeforeStart(root: Element | undefined): boolean {
	return !!root && atStart.some((t) => root.contains(t.el));
}

/** The fields under `root` whose state differs from what the server rendered. */
export function noteTyped(root: ParentNode = document): Typed[] {
	const typed: Typed[] = [];
	for (const el of root.querySelectorAll<Field>('input, textarea, select')) {
		if (el instanceof HTMLSelectElement) {
			const options = [...el.options];
			if (options.some((o) => o.selected !== o.defaultSelected))
				typed.push({ el, selected: options.map((o) => o.selected) });
		} else if (el instanceof HTMLInputElement && checkable(el)) {
			if (el.checked !== el.defaultChecked) typed.push({ el, checked: el.checked });
		} else if (el instanceof HTMLTextAreaElement || !notTyped(el)) {
			if (el.value !== el.defaultValue) typed.push({ el, value: el.value });
		}
	}
	// Radio buttons turned off come first, so the one turned on stays on.
	return typed.sort((a, b) => Number('checked' in a && a.checked) - Number('checked' in b && b.checked));
}

/**
 * Puts back what `noteTyped` found, in the same elements, when the components changed it, and opens the
 * <details> around them; each field then tells the page it changed (`input` for text, `change` for choices),
 * so state bound to it follows.
 */
export function restoreTyped(typed: Typed[]): void {
	for (const t of typed) {
		if (!t.el.isConnected) continue;
		// The person opened the <details> the field is in to fill it; the components closed it again.
		for (let d = t.el.closest('details'); d; d = d.parentElement?.closest('details') ?? null) d.open = true;
		if ('value' in t) {
			if (t.el.value === t.value) continue;
			t.el.value = t.value;
			t.el.dispatchEvent(new Event('input', { bubbles: true }));
		} else if ('checked' in t) {
			if (t.el.checked === t.checked) continue;
			t.el.checked = t.checked;
			t.el.dispatchEvent(new Event('change', { bubbles: true }));
		} else {
			const options = [...t.el.options];
			if (options.every((o, i) => o.selected === t.selected[i])) continue;
			options.forEach((o, i) => (o.selected = t.selected[i] ?? false));
			t.el.dispatchEvent(new Event('change', { bubbles: true }));
		}
	}
}
