import { error, fail } from '@sveltejs/kit';
import { and, eq, inArray } from 'drizzle-orm';
import { getDb, type DB, one } from '$lib/server/db';
import {
	comments as commentsTable,
	commentThreads,
	suggestions as suggestionsTable,
	workspaces
} from '$lib/server/db/schema';
import { formatDateTime } from '$lib/domain/time';
import * as consultations from '$lib/server/consultations';
import * as commands from '$lib/server/comments/commands';
import { field, suggestionFromForm, threadFromForm } from '$lib/server/comments/form-input';
import { discussion } from '$lib/server/comments/queries';
import type { Author } from '$lib/server/comments/repository';
import { respondForm } from '$lib/server/consultations/respond-form';
import { changesSincePrevious } from '$lib/server/documents/shape';
import { getDocument, type Document } from '$lib/server/documents/repository';
import { formCommand, formValues } from '$lib/server/forms';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

async function zoneOf(db: DB, workspaceId: string) {
	return (
		one(
			await db
				.select({ z: workspaces.timeZone })
				.from(workspaces)
				.where(eq(workspaces.id, workspaceId))
				.limit(1)
		)?.z ?? 'Europe/London'
	);
}

/** The link, only while it is valid: a revoked, unknown or late link gets a clear page and grants nothing. */
async function validLink(db: DB, token: string) {
	const found = await consultations.findLink(db, token);
	if (found.state === 'unknown')
		error(404, {
			message: 'This consultation link does not exist. Check the address, or ask whoever sent it.',
			code: 'not_found'
		});
	if (found.state === 'revoked')
		error(410, {
			message: 'This consultation link was withdrawn by the organisers and no longer gives access.',
			code: 'revoked'
		});
	if (found.state === 'closed') {
		const zone = await zoneOf(db, found.consultation.workspaceId);
		error(410, {
			message: `This consultation closed on ${formatDateTime(found.consultation.closesAt, zone)} (${zone}). It no longer takes comments or answers.`,
			code: 'closed'
		});
	}
	const document = await getDocument(db, found.consultation.documentId);
	if (!document) error(404, { message: 'Not found', code: 'not_found' });
	return { ...found, document, zone: await zoneOf(db, found.consultation.workspaceId) };
}

/** A person who joined through the link, writing in its consultation. */
type GuestCtx = { document: Document; author: Author; consultationId: string };

async function guestContext(event: Pick<RequestEvent, 'params' | 'cookies'>) {
	const db = getDb();
	const link = await validLink(db, event.params.token);
	const guest = await consultations.guestFromCookie(
		db,
		event.cookies.get(consultations.GUEST_COOKIE),
		link.consultation.id
	);
	const ctx: GuestCtx | null = guest
		? {
				document: link.document,
				author: { kind: 'guest', guestId: guest.id, consultationId: link.consultation.id },
				consultationId: link.consultation.id
			}
		: null;
	return { db, link, guest, ctx };
}

export const load: PageServerLoad = async (event) => {
	const { db, link, guest } = await guestContext(event);
	const c = link.consultation;
	const base = {
		consultation: {
			id: c.id,
			title: c.title,
			closesAt: c.closesAt,
			open: true,
			questions: c.questions,
			responded: await consultations.respondedCounts(db, c)
		},
		document: { title: link.document.title },
		zone: link.zone
	};
	if (!guest)
		return { ...base, guest: null, mine: null, blocks: [], threads: [], suggestions: [], changes: null };
	// What this draft changed since the version before it, for people who were not there when it was written.
	const changes = c.versionId ? await changesSincePrevious(db, c.documentId, c.versionId) : null;
	const d = await discussion(db, link.document, {
		userId: null,
		guestId: guest.id,
		consultationId: c.id,
		shape: true
	});
	// A person from a link sees the text and their own comments and suggestions only.
	const mine = new Set(
		(
			await db
				.select({ id: commentThreads.id })
				.from(commentThreads)
				.innerJoin(commentsTable, eq(commentsTable.threadId, commentThreads.id))
				.where(and(eq(commentThreads.consultationId, c.id), eq(commentsTable.guestId, guest.id)))
		).map((r) => r.id)
	);
	const ids = d.suggestions.map((s) => s.id);
	const mySuggestions = new Set(
		ids.length
			? (
					await db
						.select({ id: suggestionsTable.id })
						.from(suggestionsTable)
						.where(and(inArray(suggestionsTable.id, ids), eq(suggestionsTable.guestId, guest.id)))
				).map((r) => r.id)
			: []
	);
	return {
		...base,
		guest: { name: guest.name },
		mine: d.consultation?.id === c.id ? (d.consultation.mine ?? null) : null,
		blocks: d.blocks,
		threads: d.threads.filter((t) => mine.has(t.id)),
		suggestions: d.suggestions.filter((s) => mySuggestions.has(s.id)),
		changes
	};
};

function needGuest(ctx: GuestCtx | null): GuestCtx {
	if (!ctx)
		error(403, {
			message: 'Give your name, email and organisation first (the form on this page).',
			code: 'forbidden'
		});
	return ctx;
}

export const actions: Actions = {
	join: async (event) => {
		const db = getDb();
		const link = await validLink(db, event.params.token);
		const data = await event.request.formData();
		const parsed = consultations.joinInput.safeParse({
			name: data.get('name') ?? '',
			email: String(data.get('email') ?? '').trim(),
			organisation: data.get('organisation') ?? '',
			sector: data.get('sector') ?? '',
			sizeBand: data.get('sizeBand') || undefined
		});
		if (!parsed.success) {
			const errors: Record<string, string> = {};
			for (const i of parsed.error.issues) errors[String(i.path[0])] ??= i.message;
			return fail(400, {
				message: 'Please correct the highlighted fields.',
				errors,
				values: formValues(data)
			});
		}
		try {
			const { cookie } = await consultations.joinByLink(db, link.link, parsed.data, event.locals.ip);
			event.cookies.set(consultations.GUEST_COOKIE, cookie, {
				path: '/consult',
				httpOnly: true,
				sameSite: 'lax',
				secure: event.url.protocol === 'https:',
				expires: new Date(link.consultation.closesAt)
			});
		} catch (e) {
			const status = (e as { status?: number }).status;
			if (status === 429 || status === 409)
				return fail(status, {
					message: (e as { body: { message: string } }).body.message,
					errors: {},
					values: formValues(data)
				});
			throw e;
		}
		return { success: 'Thank you. You can now read the document, comment on it and answer the questions.' };
	},
	comment: async (event) => {
		const ctx = needGuest((await guestContext(event)).ctx);
		const data = await event.request.formData();
		return guestCommand(data, 'Your comment was added.', () =>
			commands.openThreadAs(ctx.document, ctx.author, {
				...threadFromForm(data),
				consultationId: ctx.consultationId
			})
		);
	},
	suggest: async (event) => {
		const ctx = needGuest((await guestContext(event)).ctx);
		const data = await event.request.formData();
		return guestCommand(data, 'Your suggestion was added. An editor will accept or reject it.', async () =>
			commands.suggestAs(ctx.document, ctx.author, {
				...(await suggestionFromForm(ctx.document.id, data)),
				consultationId: ctx.consultationId
			})
		);
	},
	reply: async (event) => {
		const ctx = needGuest((await guestContext(event)).ctx);
		const data = await event.request.formData();
		return guestCommand(data, 'Your reply was added.', () =>
			commands.replyAsGuest(ctx.document, ctx.author, field(data, 'threadId'), { body: field(data, 'body') })
		);
	},
	respond: async (event) => {
		const { db, ctx, guest } = await guestContext(event);
		return respondForm(db, needGuest(ctx).document, await event.request.formData(), { guest: guest! });
	}
};

/** Runs a command for a person from the link: input and state refusals beside the form, others as a page. */
async function guestCommand(data: FormData, success: string, run: () => Promise<unknown>) {
	const r = await formCommand(data, run);
	return r.ok ? { success } : r.failure;
}
