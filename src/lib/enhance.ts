import type { SubmitFunction } from '@sveltejs/kit';

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
