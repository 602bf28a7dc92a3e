// What a command says when it will not do what was asked. Commands throw these; the web edge
// (src/lib/server/http/errors.ts) turns them into HTTP answers, and the scheduler, the mail worker and the
// admin CLI read them as plain errors. Nothing here knows about HTTP frameworks.

/** A message per form field (or `form` for the whole input), to show beside what the person typed. */
export type FieldIssues = Record<string, string>;

export type DomainErrorKind =
	| 'not_found'
	| 'unauthenticated'
	| 'forbidden'
	| 'invalid'
	| 'conflict'
	| 'gone'
	| 'rate_limited'
	| 'too_large';

/** The HTTP status each kind of refusal is answered with (used by the web edge only). */
export const STATUS: Record<DomainErrorKind, number> = {
	not_found: 404,
	unauthenticated: 401,
	forbidden: 403,
	invalid: 422,
	conflict: 409,
	gone: 410,
	rate_limited: 429,
	too_large: 413
};

export class DomainError extends Error {
	readonly kind: DomainErrorKind;
	/** A stable code for API clients (`not_found`, `conflict`, or something more precise). */
	readonly code: string;
	readonly issues: FieldIssues;
	/** The status and body the web edge answers with (SvelteKit reads these two names). */
	readonly status: number;
	readonly body: { message: string; code: string };

	constructor(kind: DomainErrorKind, message: string, code: string = kind, issues: FieldIssues = {}) {
		super(message);
		this.name = 'DomainError';
		this.kind = kind;
		this.code = code;
		this.issues = issues;
		this.status = STATUS[kind];
		this.body = { message, code };
	}
}

/** Nothing the actor can see by that name (also what a private thing looks like from outside). */
export class NotFound extends DomainError {
	constructor(message = 'Not found', code = 'not_found') {
		super('not_found', message, code);
	}
}

/** The actor must sign in first. */
export class Unauthenticated extends DomainError {
	constructor(message = 'Sign in first.') {
		super('unauthenticated', message, 'unauthenticated');
	}
}

/** The actor may see this but not do that. */
export class Forbidden extends DomainError {
	constructor(message = 'You may not do this.', code = 'forbidden') {
		super('forbidden', message, code);
	}
}

/** The input breaks a rule: one message, and one per field where it is about a field. */
export class Invalid extends DomainError {
	constructor(message: string, issues: FieldIssues = {}, code = 'invalid') {
		super('invalid', message, code, issues);
	}
}

/** The thing is not in a state that allows this (already open, already decided …). */
export class Conflict extends DomainError {
	constructor(message: string, code = 'conflict') {
		super('conflict', message, code);
	}
}

/** The thing was there but can no longer be used (a used or expired link). */
export class Gone extends DomainError {
	constructor(message: string, code = 'gone') {
		super('gone', message, code);
	}
}

/** Too many attempts in a short time. */
export class RateLimited extends DomainError {
	constructor(message: string, code = 'rate_limited') {
		super('rate_limited', message, code);
	}
}

export function isDomainError(e: unknown): e is DomainError {
	return e instanceof DomainError;
}

/** The input is larger than the server takes (an upload over its limit). */
export class TooLarge extends DomainError {
	constructor(message: string, code = 'too_large') {
		super('too_large', message, code);
	}
}
