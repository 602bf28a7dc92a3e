/**
 * Mail settings from the environment. `SMTP_URL` (for example `smtps://user:pass@mail.example.org:465` or
 * `smtp://mail.example.org:587`) turns sending on; without it every message is kept in the administrators'
 * outbox. `MAIL_FROM` is the sender; `ORIGIN` the public address links point to.
 */
export type MailConfig = {
	/** The SMTP address as given, or null when none is configured (the outbox is used instead). */
	smtpUrl: string | null;
	/** Why `SMTP_URL` cannot be used, when it was given but is malformed (messages then wait in the queue). */
	smtpProblem: string | null;
	from: string;
	origin: string;
	/** How often the worker looks for work. */
	intervalMs: number;
	/** The first retry delay after a failed attempt; it doubles each time up to an hour. */
	backoffMs: number;
	/** How long an immediate notification waits so that several (mentions in a burst, say) go in one message. */
	batchMs: number;
};

const num = (value: string | undefined, fallback: number) => {
	const n = Number(value);
	return value && Number.isFinite(n) && n >= 0 ? n : fallback;
};

/** Checks an SMTP address; returns a sentence saying what is wrong, or null. Never echoes a password. */
export function smtpUrlProblem(raw: string): string | null {
	let url: URL;
	try {
		url = new URL(raw);
	} catch {
		return 'SMTP_URL is not a valid address (expected smtp://host:port or smtps://user:password@host:465).';
	}
	if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:')
		return `SMTP_URL must start with smtp:// or smtps://, not ${url.protocol}//.`;
	if (!url.hostname) return 'SMTP_URL has no host name.';
	return null;
}

/** The SMTP address with its password hidden, for logs and the administrators' page. */
export function redactSmtpUrl(raw: string): string {
	try {
		const url = new URL(raw);
		if (url.password) url.password = '****';
		return url.toString();
	} catch {
		return '(unreadable)';
	}
}

export function mailConfig(env: NodeJS.ProcessEnv = process.env): MailConfig {
	const smtpUrl = env.SMTP_URL?.trim() || null;
	return {
		smtpUrl,
		smtpProblem: smtpUrl ? smtpUrlProblem(smtpUrl) : null,
		from: env.MAIL_FROM?.trim() || 'Parity <parity@localhost>',
		origin: (env.ORIGIN || 'http://localhost:3000').replace(/\/$/, ''),
		intervalMs: num(env.PARITY_MAIL_INTERVAL_MS, 15_000),
		backoffMs: num(env.PARITY_MAIL_BACKOFF_MS, 30_000),
		batchMs: num(env.PARITY_MAIL_BATCH_MS, 60_000)
	};
}
