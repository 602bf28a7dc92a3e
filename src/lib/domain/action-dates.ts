/** Today's date (YYYY-MM-DD) in a time zone. */
export function todayIn(timeZone: string, now = Date.now()): string {
	return new Intl.DateTimeFormat('en-CA', {
		timeZone,
		year: 'numeric',
		month: '2-digit',
		day: '2-digit'
	}).format(now);
}

/** Whether an action is overdue on `today` (YYYY-MM-DD in the workspace's zone): due earlier and not finished. */
export function isOverdue(a: { status: string; dueDate: string }, today: string): boolean {
	return (a.status === 'planned' || a.status === 'in_progress') && a.dueDate < today;
}
