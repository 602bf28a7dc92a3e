import type { SubmitFunction } from '@sveltejs/kit';
import { tick } from 'svelte';
import { applyAction } from '$app/forms';
import { markFocus, restoreFocus } from '$lib/focus';

/**
 * `use:enhance` that reports when a submission is in flight, so the button can say "Signing in…" and refuse
 * a double submit: `use:enhance={withBusy((b) => (busy = b))}`.
 */
export function withBusy(set: (busy: boolean) => void): SubmitFunction {
	return () => {
		set(true);
		return async ({ update }) => {
			await update();
			set(false);
		};
	};
}

/**
 * `use:enhance` for the comment and suggestion forms, which post to the comments page's actions from the
 * document page too. SvelteKit shows an action's answer only on the page the action belongs to; this shows
 * it on the page the person is on as well, so "Comment added" or an error is announced wherever they are.
 * The focus stays where it was (SvelteKit would send it to the top of the page after a successful action), or,
 * when the answer moved or removed what had it (an accepted suggestion goes to "Decided"), goes to the
 * nearest place still shown. `after` runs once the answer is shown, told whether the action succeeded.
 */
export function showAnswer(after?: (ok: boolean) => void): SubmitFunction {
	return () => {
		const mark = markFocus();
		return async ({ result, update }) => {
			await update();
			if (result.type === 'success' || result.type === 'failure') await applyAction(result);
			after?.(result.type === 'success');
			await tick();
			restoreFocus(mark);
		};
	};
}
