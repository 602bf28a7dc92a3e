/**
 * The answer of a form action, as a page receives it (`form`): a refusal (`message`, `errors`, what was typed
 * in `values`) or a success. Forms that show their answer beside themselves post a hidden `where` (their
 * place on the page, also the `#fragment` of their action, so a browser without JavaScript lands back there);
 * the action echoes it, and the page-wide message leaves such answers to them.
 */
export type FormAnswer = {
	message?: string;
	errors?: Record<string, string>;
	values?: Record<string, string>;
	success?: string;
	where?: string;
} | null;

/** Which form on the page an answer belongs to, or null for the page itself. */
export function answerPlace(form: FormAnswer | undefined): string | null {
	return form?.where || form?.values?.where || null;
}

/** The answer when it belongs to the form at `where`, else null. */
export function answerFor(form: FormAnswer | undefined, where: string): NonNullable<FormAnswer> | null {
	return form && answerPlace(form) === where ? form : null;
}

/** What was typed in the form at `where` when the action refused it, to fill it in again; else null. */
export function typedIn(form: FormAnswer | undefined, where: string): Record<string, string> | null {
	const a = answerFor(form, where);
	return a?.message ? (a.values ?? {}) : null;
}
