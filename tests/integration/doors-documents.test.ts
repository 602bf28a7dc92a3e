// Documents and their discussion, one command per use case: the page's form (as a browser without JavaScript
// posts it) and the API ask for the same thing and get the same answer — status, message and effect.
import { describe, expect, it } from 'vitest';
import { and, asc, eq } from 'drizzle-orm';
import type { DB } from '../../src/lib/server/db/index.ts';
import {
	commentEdits,
	comments,
	commentThreads,
	consultationChanges,
	consultationLinks,
	consultationResponses,
	consultations,
	documents,
	documentVersions,
	suggestions
} from '../../src/lib/server/db/schema/index.ts';
import { throughBothDoors, type DoorCase } from '../fixtures/doors.ts';
import { addMember, createPartnership, createUser, type TestUser } from '../fixtures/factory.ts';
import { apiClient } from '../fixtures/http.ts';
import { useServer } from '../fixtures/suite.ts';
import type { TestServer } from '../fixtures/server.ts';

let server: TestServer;
let db: DB;
useServer({}, (s) => ({ server, db } = s));

type People = Record<'facilitator' | 'editor' | 'commenter' | 'observer' | 'stranger', TestUser>;
type Place = { workspace: { id: string; slug: string }; people: People };

async function makePlace(visibility: 'private' | 'public'): Promise<Place> {
	const p = await createPartnership(db, { vcse: 1, statutory: 0, visibility });
	const people = { facilitator: p.facilitator } as People;
	for (const role of ['editor', 'commenter', 'observer'] as const) {
		people[role] = await createUser(db, { name: `${role} person` });
		await addMember(db, p.workspace.id, people[role].id, { role });
	}
	people.stranger = await createUser(db, { name: 'Sam Stranger' });
	return { workspace: p.workspace, people };
}

const places = new Map<string, Promise<Place>>();
/** A workspace with one person of each role and a stranger (made once; every case makes its own document). */
function place(visibility: 'private' | 'public' = 'private'): Promise<Place> {
	if (!places.has(visibility)) places.set(visibility, makePlace(visibility));
	return places.get(visibility)!;
}

let n = 0;
/** A new document (a heading with its title, then an empty paragraph), created by an editor. */
async function newDocument(at: Place, title = 'Payment terms policy'): Promise<string> {
	const res = await apiClient(server, { cookie: at.people.editor.cookie }).post(
		`/api/v1/workspaces/${at.workspace.id}/documents`,
		{ title, kind: 'other' }
	);
	expect(res.status, res.text).toBe(201);
	return res.json.id;
}

async function thread(at: Place, doc: string, who: TestUser = at.people.commenter) {
	const res = await apiClient(server, { cookie: who.cookie }).post(`/api/v1/documents/${doc}/comments`, {
		block: 0,
		body: 'First thoughts'
	});
	expect(res.status, res.text).toBe(201);
	return { threadId: res.json.id as string, commentId: res.json.comments[0].id as string };
}

async function suggestion(at: Place, doc: string) {
	const res = await apiClient(server, { cookie: at.people.commenter.cookie }).post(
		`/api/v1/documents/${doc}/suggestions`,
		{ quote: 'Payment', replacement: 'Invoice' }
	);
	expect(res.status, res.text).toBe(201);
	return res.json.id as string;
}

/** What the discussion of a document holds, without ids and times (equal whichever door changed it). */
async function discussionOf(doc: string) {
	const threads = await db
		.select({ id: commentThreads.id, status: commentThreads.status, quote: commentThreads.quote })
		.from(commentThreads)
		.where(eq(commentThreads.documentId, doc));
	const out = [];
	for (const t of threads) {
		const rows = await db
			.select({ id: comments.id, body: comments.body, deleted: comments.deletedAt })
			.from(comments)
			.where(eq(comments.threadId, t.id))
			.orderBy(asc(comments.createdAt));
		const edits: number[] = [];
		for (const c of rows)
			edits.push(
				(
					await db
						.select({ body: commentEdits.body })
						.from(commentEdits)
						.where(eq(commentEdits.commentId, c.id))
				).length
			);
		out.push({
			status: t.status,
			quote: t.quote,
			comments: rows.map((c, i) => ({ body: c.body, deleted: c.deleted !== null, edits: edits[i] }))
		});
	}
	const s = await db
		.select({
			status: suggestions.status,
			quote: suggestions.quote,
			replacement: suggestions.replacement,
			reason: suggestions.reason
		})
		.from(suggestions)
		.where(eq(suggestions.documentId, doc));
	return { threads: out, suggestions: s };
}

const commentsPage = (at: Place, doc: string, action: string) =>
	`/w/${at.workspace.slug}/documents/${doc}/comments?/${action}`;

const cases: DoorCase[] = [
	{
		name: 'a commenter opens a thread on a section',
		expect: 'ok',
		arrange: async () => {
			const at = await place();
			const doc = await newDocument(at);
			return {
				cookie: at.people.commenter.cookie,
				form: { path: commentsPage(at, doc, 'comment'), fields: { block: '0', body: 'Looks right' } },
				api: {
					method: 'POST',
					path: `/api/v1/documents/${doc}/comments`,
					body: { block: 0, body: 'Looks right' }
				},
				effect: () => discussionOf(doc)
			};
		}
	},
	{
		name: 'an observer may not open a thread',
		expect: { status: 403, message: /commenter role/ },
		arrange: async () => {
			const at = await place();
			const doc = await newDocument(at);
			return {
				cookie: at.people.observer.cookie,
				form: { path: commentsPage(at, doc, 'comment'), fields: { block: '0', body: 'Watching' } },
				api: {
					method: 'POST',
					path: `/api/v1/documents/${doc}/comments`,
					body: { block: 0, body: 'Watching' }
				},
				effect: () => discussionOf(doc)
			};
		}
	},
	{
		name: 'a comment must say something',
		expect: { status: 422, message: /The comment is empty/ },
		arrange: async () => {
			const at = await place();
			const doc = await newDocument(at);
			return {
				cookie: at.people.commenter.cookie,
				form: { path: commentsPage(at, doc, 'comment'), fields: { block: '0', body: '  ' } },
				api: { method: 'POST', path: `/api/v1/documents/${doc}/comments`, body: { block: 0, body: '  ' } },
				effect: () => discussionOf(doc)
			};
		}
	},
	{
		name: 'to someone outside a private workspace its document does not exist',
		expect: { status: 404, message: /Not found/ },
		arrange: async () => {
			const at = await place();
			const doc = await newDocument(at);
			return {
				cookie: at.people.stranger.cookie,
				form: { path: commentsPage(at, doc, 'comment'), fields: { block: '0', body: 'Hello' } },
				api: { method: 'POST', path: `/api/v1/documents/${doc}/comments`, body: { block: 0, body: 'Hello' } },
				effect: () => discussionOf(doc)
			};
		}
	},
	{
		name: 'nor to a signed-in visitor of a public workspace (documents are for members)',
		expect: { status: 404, message: /Not found/ },
		arrange: async () => {
			const at = await place('public');
			const doc = await newDocument(at);
			return {
				cookie: at.people.stranger.cookie,
				form: { path: commentsPage(at, doc, 'comment'), fields: { block: '0', body: 'Hello' } },
				api: { method: 'POST', path: `/api/v1/documents/${doc}/comments`, body: { block: 0, body: 'Hello' } },
				effect: () => discussionOf(doc)
			};
		}
	},
	{
		name: 'a commenter replies in a thread',
		expect: 'ok',
		arrange: async () => {
			const at = await place();
			const doc = await newDocument(at);
			const { threadId } = await thread(at, doc, at.people.editor);
			return {
				cookie: at.people.commenter.cookie,
				form: { path: commentsPage(at, doc, 'reply'), fields: { threadId, body: 'Agreed' } },
				api: { method: 'POST', path: `/api/v1/comments/${threadId}/replies`, body: { body: 'Agreed' } },
				effect: () => discussionOf(doc)
			};
		}
	},
	{
		name: 'a commenter resolves a thread',
		expect: 'ok',
		arrange: async () => {
			const at = await place();
			const doc = await newDocument(at);
			const { threadId } = await thread(at, doc);
			return {
				cookie: at.people.commenter.cookie,
				form: { path: commentsPage(at, doc, 'resolve'), fields: { threadId } },
				api: { method: 'PATCH', path: `/api/v1/comments/${threadId}`, body: { status: 'resolved' } },
				effect: () => discussionOf(doc)
			};
		}
	},
	{
		name: 'an observer may not resolve a thread',
		expect: { status: 403, message: /commenter role/ },
		arrange: async () => {
			const at = await place();
			const doc = await newDocument(at);
			const { threadId } = await thread(at, doc);
			return {
				cookie: at.people.observer.cookie,
				form: { path: commentsPage(at, doc, 'resolve'), fields: { threadId } },
				api: { method: 'PATCH', path: `/api/v1/comments/${threadId}`, body: { status: 'resolved' } },
				effect: () => discussionOf(doc)
			};
		}
	},
	{
		name: 'an author edits their comment, the earlier wording kept',
		expect: 'ok',
		arrange: async () => {
			const at = await place();
			const doc = await newDocument(at);
			const { commentId } = await thread(at, doc);
			return {
				cookie: at.people.commenter.cookie,
				form: { path: commentsPage(at, doc, 'edit'), fields: { commentId, body: 'Second thoughts' } },
				api: { method: 'PATCH', path: `/api/v1/comments/${commentId}`, body: { body: 'Second thoughts' } },
				effect: () => discussionOf(doc)
			};
		}
	},
	{
		name: 'no one edits another person’s comment',
		expect: { status: 403, message: /only change your own comments/ },
		arrange: async () => {
			const at = await place();
			const doc = await newDocument(at);
			const { commentId } = await thread(at, doc);
			return {
				cookie: at.people.editor.cookie,
				form: { path: commentsPage(at, doc, 'edit'), fields: { commentId, body: 'Overwritten' } },
				api: { method: 'PATCH', path: `/api/v1/comments/${commentId}`, body: { body: 'Overwritten' } },
				effect: () => discussionOf(doc)
			};
		}
	},
	{
		name: 'an author deletes their comment',
		expect: 'ok',
		arrange: async () => {
			const at = await place();
			const doc = await newDocument(at);
			const { commentId } = await thread(at, doc);
			return {
				cookie: at.people.commenter.cookie,
				form: { path: commentsPage(at, doc, 'delete'), fields: { commentId } },
				api: { method: 'DELETE', path: `/api/v1/comments/${commentId}` },
				effect: () => discussionOf(doc)
			};
		}
	},
	{
		name: 'a deleted comment cannot be deleted again',
		expect: { status: 409, message: /This comment was deleted/ },
		arrange: async () => {
			const at = await place();
			const doc = await newDocument(at);
			const { commentId } = await thread(at, doc);
			const client = apiClient(server, { cookie: at.people.commenter.cookie });
			expect((await client.delete(`/api/v1/comments/${commentId}`)).status).toBe(204);
			return {
				cookie: at.people.commenter.cookie,
				form: { path: commentsPage(at, doc, 'delete'), fields: { commentId } },
				api: { method: 'DELETE', path: `/api/v1/comments/${commentId}` },
				effect: () => discussionOf(doc)
			};
		}
	},
	{
		name: 'a commenter suggests a change',
		expect: 'ok',
		arrange: async () => {
			const at = await place();
			const doc = await newDocument(at);
			return {
				cookie: at.people.commenter.cookie,
				form: {
					path: commentsPage(at, doc, 'suggest'),
					fields: { quote: 'Payment', replacement: 'Invoice' }
				},
				api: {
					method: 'POST',
					path: `/api/v1/documents/${doc}/suggestions`,
					body: { quote: 'Payment', replacement: 'Invoice' }
				},
				effect: () => discussionOf(doc)
			};
		}
	},
	{
		name: 'a suggestion must change something',
		expect: { status: 422, message: /same as the selected text/ },
		arrange: async () => {
			const at = await place();
			const doc = await newDocument(at);
			return {
				cookie: at.people.commenter.cookie,
				form: {
					path: commentsPage(at, doc, 'suggest'),
					fields: { quote: 'Payment', replacement: 'Payment' }
				},
				api: {
					method: 'POST',
					path: `/api/v1/documents/${doc}/suggestions`,
					body: { quote: 'Payment', replacement: 'Payment' }
				},
				effect: () => discussionOf(doc)
			};
		}
	},
	{
		name: 'an observer may not suggest',
		expect: { status: 403, message: /commenter role/ },
		arrange: async () => {
			const at = await place();
			const doc = await newDocument(at);
			return {
				cookie: at.people.observer.cookie,
				form: {
					path: commentsPage(at, doc, 'suggest'),
					fields: { quote: 'Payment', replacement: 'Invoice' }
				},
				api: {
					method: 'POST',
					path: `/api/v1/documents/${doc}/suggestions`,
					body: { quote: 'Payment', replacement: 'Invoice' }
				},
				effect: () => discussionOf(doc)
			};
		}
	},
	{
		name: 'an editor accepts a suggestion',
		expect: 'ok',
		arrange: async () => {
			const at = await place();
			const doc = await newDocument(at);
			const suggestionId = await suggestion(at, doc);
			return {
				cookie: at.people.editor.cookie,
				form: { path: commentsPage(at, doc, 'accept'), fields: { suggestionId } },
				api: { method: 'POST', path: `/api/v1/suggestions/${suggestionId}/accept` },
				effect: () => discussionOf(doc)
			};
		}
	},
	{
		name: 'a commenter may not accept a suggestion',
		expect: { status: 403, message: /editor role/ },
		arrange: async () => {
			const at = await place();
			const doc = await newDocument(at);
			const suggestionId = await suggestion(at, doc);
			return {
				cookie: at.people.commenter.cookie,
				form: { path: commentsPage(at, doc, 'accept'), fields: { suggestionId } },
				api: { method: 'POST', path: `/api/v1/suggestions/${suggestionId}/accept` },
				effect: () => discussionOf(doc)
			};
		}
	},
	{
		name: 'a rejected suggestion cannot be accepted',
		expect: { status: 409, message: /already rejected/ },
		arrange: async () => {
			const at = await place();
			const doc = await newDocument(at);
			const suggestionId = await suggestion(at, doc);
			const rejected = await apiClient(server, { cookie: at.people.editor.cookie }).post(
				`/api/v1/suggestions/${suggestionId}/reject`,
				{ reason: 'Not now' }
			);
			expect(rejected.status).toBe(200);
			return {
				cookie: at.people.editor.cookie,
				form: { path: commentsPage(at, doc, 'accept'), fields: { suggestionId } },
				api: { method: 'POST', path: `/api/v1/suggestions/${suggestionId}/accept` },
				effect: () => discussionOf(doc)
			};
		}
	},
	{
		name: 'an editor rejects a suggestion with a reason',
		expect: 'ok',
		arrange: async () => {
			const at = await place();
			const doc = await newDocument(at);
			const suggestionId = await suggestion(at, doc);
			return {
				cookie: at.people.editor.cookie,
				form: { path: commentsPage(at, doc, 'reject'), fields: { suggestionId, reason: 'Keep it' } },
				api: {
					method: 'POST',
					path: `/api/v1/suggestions/${suggestionId}/reject`,
					body: { reason: 'Keep it' }
				},
				effect: () => discussionOf(doc)
			};
		}
	},
	{
		name: 'rejecting needs a reason',
		expect: { status: 422, message: /The reason is empty/ },
		arrange: async () => {
			const at = await place();
			const doc = await newDocument(at);
			const suggestionId = await suggestion(at, doc);
			return {
				cookie: at.people.editor.cookie,
				form: { path: commentsPage(at, doc, 'reject'), fields: { suggestionId, reason: '' } },
				api: { method: 'POST', path: `/api/v1/suggestions/${suggestionId}/reject`, body: { reason: '' } },
				effect: () => discussionOf(doc)
			};
		}
	},
	...(['ok', 'commenter', 'short'] as const).map((kind): DoorCase => ({
		name:
			kind === 'ok'
				? 'an editor creates a document'
				: kind === 'commenter'
					? 'a commenter may not create a document'
					: 'a title needs three characters',
		expect:
			kind === 'ok'
				? 'ok'
				: kind === 'commenter'
					? { status: 403, message: /editor role/ }
					: { status: 422, message: /at least 3 characters/ },
		arrange: async () => {
			const at = await place();
			const title = kind === 'short' ? 'ab' : `Procurement principles ${++n}`;
			const who = kind === 'commenter' ? at.people.commenter : at.people.editor;
			return {
				cookie: who.cookie,
				form: {
					path: `/w/${at.workspace.slug}/documents?/create`,
					fields: { title, kind: 'procurement_principles', template: '' }
				},
				api: {
					method: 'POST',
					path: `/api/v1/workspaces/${at.workspace.id}/documents`,
					body: { title, kind: 'procurement_principles' }
				},
				effect: async () =>
					await db
						.select({ kind: documents.kind, status: documents.status })
						.from(documents)
						.where(and(eq(documents.workspaceId, at.workspace.id), eq(documents.title, title)))
			};
		}
	})),
	...(['ok', 'commenter', 'empty'] as const).map((kind): DoorCase => ({
		name:
			kind === 'ok'
				? 'an editor names a version'
				: kind === 'commenter'
					? 'a commenter may not name a version'
					: 'a version needs a name',
		expect:
			kind === 'ok'
				? 'ok'
				: kind === 'commenter'
					? { status: 403, message: /editor role/ }
					: { status: 422, message: /Name the version/ },
		arrange: async () => {
			const at = await place();
			const doc = await newDocument(at);
			const name = kind === 'empty' ? ' ' : 'Board draft';
			return {
				cookie: (kind === 'commenter' ? at.people.commenter : at.people.editor).cookie,
				form: { path: `/w/${at.workspace.slug}/documents/${doc}/versions?/save`, fields: { name } },
				api: { method: 'POST', path: `/api/v1/documents/${doc}/versions`, body: { name } },
				effect: async () =>
					(
						await db
							.select({ name: documentVersions.name, text: documentVersions.text })
							.from(documentVersions)
							.where(eq(documentVersions.documentId, doc))
					).map((v) => ({ name: v.name, text: v.text }))
			};
		}
	}))
];

/** Opens a consultation on a document through the API, as the facilitator. */
async function consult(at: Place, doc: string, audience: 'members' | 'public' = 'members') {
	const res = await apiClient(server, { cookie: at.people.facilitator.cookie }).post(
		`/api/v1/documents/${doc}/consultations`,
		{ closesAt: '2099-03-01T09:00', audience, questions: ['Is 30 days right?'] }
	);
	expect(res.status, res.text).toBe(201);
	return res.json.id as string;
}

/** A document's consultations with their links and answers, without ids and times. */
async function consultationsOn(doc: string) {
	const rows = await db
		.select({
			id: consultations.id,
			title: consultations.title,
			audience: consultations.audience,
			questions: consultations.questions,
			closesAt: consultations.closesAt
		})
		.from(consultations)
		.where(eq(consultations.documentId, doc));
	const out = [];
	for (const { id, ...c } of rows) {
		const links = await db
			.select({ revoked: consultationLinks.revokedAt })
			.from(consultationLinks)
			.where(eq(consultationLinks.consultationId, id));
		const answers = await db
			.select({ answers: consultationResponses.answers })
			.from(consultationResponses)
			.where(eq(consultationResponses.consultationId, id));
		out.push({ ...c, links: links.map((l) => l.revoked !== null), answers });
	}
	const [{ status }] = await db
		.select({ status: documents.status })
		.from(documents)
		.where(eq(documents.id, doc));
	return { status, consultations: out };
}

const openFields = (doc: string, closesAt: string) => ({
	documentId: doc,
	title: '',
	closesAt,
	audience: 'members',
	question1: 'Is 30 days right?',
	question2: ''
});

/**
 * Opening a consultation, as a facilitator or an editor, closing at a time, after one is already open, or on a
 * decided document.
 */
const openCase = (
	name: string,
	expected: DoorCase['expect'],
	opts: { who?: 'editor'; closesAt?: string; second?: boolean; decided?: boolean } = {}
): DoorCase => ({
	name,
	expect: expected,
	arrange: async () => {
		const at = await place();
		const doc = await newDocument(at);
		if (opts.second) await consult(at, doc);
		if (opts.decided) await db.update(documents).set({ status: 'decided' }).where(eq(documents.id, doc));
		const closesAt = opts.closesAt ?? '2099-06-01T17:00';
		return {
			cookie: at.people[opts.who ?? 'facilitator'].cookie,
			form: { path: `/w/${at.workspace.slug}/consultations?/open`, fields: openFields(doc, closesAt) },
			api: {
				method: 'POST',
				path: `/api/v1/documents/${doc}/consultations`,
				body: { closesAt, audience: 'members', questions: ['Is 30 days right?'] }
			},
			effect: () => consultationsOn(doc)
		};
	}
});

/** A consultation's close and its recorded changes (whether the close has passed, for one closed now). */
async function closeOf(id: string) {
	const [c] = await db
		.select({ closesAt: consultations.closesAt })
		.from(consultations)
		.where(eq(consultations.id, id));
	const changes = await db
		.select({ kind: consultationChanges.kind, reason: consultationChanges.reason })
		.from(consultationChanges)
		.where(eq(consultationChanges.consultationId, id));
	const passed = c.closesAt <= Date.now();
	return { closesAt: passed ? 'passed' : c.closesAt, changes };
}

/** Extending or closing early, as a facilitator or an editor, a consultation that is open or closed already. */
const changeCase = (
	name: string,
	expected: DoorCase['expect'],
	change: { extend?: string; reason: string; who?: 'editor'; closedAlready?: boolean }
): DoorCase => ({
	name,
	expect: expected,
	arrange: async () => {
		const at = await place();
		const doc = await newDocument(at);
		const id = await consult(at, doc);
		if (change.closedAlready)
			await db
				.update(consultations)
				.set({ closesAt: Date.now() - 1 })
				.where(eq(consultations.id, id));
		const [action, body]: [string, Record<string, string>] =
			change.extend !== undefined
				? ['extend', { closesAt: change.extend, reason: change.reason }]
				: ['close', { reason: change.reason }];
		return {
			cookie: at.people[change.who ?? 'facilitator'].cookie,
			form: { path: `/w/${at.workspace.slug}/consultations/${id}?/${action}`, fields: body },
			api: { method: 'POST', path: `/api/v1/consultations/${id}/${action}`, body },
			effect: () => closeOf(id)
		};
	}
});

const consultationCases: DoorCase[] = [
	openCase('a facilitator opens a consultation', 'ok'),
	openCase(
		'a consultation cannot be opened on a decided document',
		{ status: 409, message: /decided: a consultation cannot be opened/ },
		{ decided: true }
	),
	changeCase('a facilitator extends a consultation, with a reason', 'ok', {
		extend: '2099-04-01T09:00',
		reason: 'Asked for by the lunch clubs.'
	}),
	changeCase(
		'an extension ends later than the current close',
		{ status: 422, message: /later than the current one/ },
		{ extend: '2099-02-01T09:00', reason: 'Shorter?' }
	),
	changeCase(
		'an extension gives a reason',
		{ status: 422, message: /Give the reason/ },
		{ extend: '2099-04-01T09:00', reason: ' ' }
	),
	changeCase('a facilitator closes a consultation early, with a reason', 'ok', {
		reason: 'The board meets earlier.'
	}),
	changeCase(
		'an editor may not close a consultation early',
		{ status: 403, message: /facilitator role/ },
		{ reason: 'Done.', who: 'editor' }
	),
	changeCase(
		'a closed consultation cannot be closed again or extended',
		{ status: 409, message: /The consultation closed on/ },
		{ reason: 'Again.', closedAlready: true }
	),
	openCase(
		'an editor may not open a consultation',
		{ status: 403, message: /facilitator role/ },
		{
			who: 'editor'
		}
	),
	openCase(
		'a consultation cannot close in the past',
		{ status: 422, message: /the closing time must be in the future/ },
		{ closesAt: '2020-03-01T09:00' }
	),
	openCase(
		'a second consultation cannot open while one is open',
		{ status: 409, message: /already open on this document/ },
		{ second: true }
	),
	{
		name: 'answers must answer the question',
		expect: { status: 422, message: /Answer the question\./ },
		arrange: async () => {
			const at = await place();
			const doc = await newDocument(at);
			const id = await consult(at, doc);
			return {
				cookie: at.people.commenter.cookie,
				form: { path: commentsPage(at, doc, 'respond'), fields: { consultationId: id, 'answer-0': ' ' } },
				api: { method: 'POST', path: `/api/v1/consultations/${id}/responses`, body: { answers: [' '] } },
				effect: () => consultationsOn(doc)
			};
		}
	},
	...(['members', 'public'] as const).map((audience): DoorCase => ({
		name:
			audience === 'members'
				? 'a members-only consultation has no public link'
				: 'a facilitator makes another public link',
		expect: audience === 'members' ? { status: 409, message: /members only/ } : 'ok',
		arrange: async () => {
			const at = await place();
			const doc = await newDocument(at);
			const id = await consult(at, doc, audience);
			return {
				cookie: at.people.facilitator.cookie,
				form: { path: `/w/${at.workspace.slug}/consultations/${id}?/newLink`, fields: {} },
				api: { method: 'POST', path: `/api/v1/consultations/${id}/links` },
				effect: () => consultationsOn(doc)
			};
		}
	})),
	{
		name: 'withdrawing a link that does not exist',
		expect: { status: 404, message: /Not found/ },
		arrange: async () => {
			const at = await place();
			const doc = await newDocument(at);
			const id = await consult(at, doc, 'public');
			return {
				cookie: at.people.facilitator.cookie,
				form: {
					path: `/w/${at.workspace.slug}/consultations/${id}?/revoke`,
					fields: { linkId: 'nosuchlink' }
				},
				api: { method: 'DELETE', path: `/api/v1/consultations/${id}/links/nosuchlink` },
				effect: () => consultationsOn(doc)
			};
		}
	}
];

describe('consultations through both doors', () => {
	for (const c of consultationCases) it(c.name, () => throughBothDoors(server, c));
});

describe('documents and their discussion through both doors', () => {
	for (const c of cases) it(c.name, () => throughBothDoors(server, c));
});

describe('who reaches a document', () => {
	it('answers a visitor of a public workspace as the API documents: 404 signed in, 401 not signed in', async () => {
		const at = await place('public');
		const doc = await newDocument(at);
		const visitor = apiClient(server, { cookie: at.people.stranger.cookie });
		const anonymous = apiClient(server);
		for (const path of [`/api/v1/documents/${doc}`, `/api/v1/documents/${doc}/comments`]) {
			expect((await visitor.get(path)).status, path).toBe(404);
			expect((await anonymous.get(path)).status, path).toBe(401);
		}
		const pageStatus = async (path: string) =>
			(await fetch(server.url + path, { headers: { cookie: at.people.stranger.cookie }, redirect: 'manual' }))
				.status;
		expect(await pageStatus(`/w/${at.workspace.slug}/documents/${doc}`)).toBe(404);
		expect(await pageStatus(`/w/${at.workspace.slug}/documents/${doc}/comments`)).toBe(404);
		// A member of the workspace reads it.
		const observer = apiClient(server, { cookie: at.people.observer.cookie });
		expect((await observer.get(`/api/v1/documents/${doc}/comments`)).status).toBe(200);
	});
});
