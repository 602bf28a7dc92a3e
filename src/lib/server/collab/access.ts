// Who may open a socket on a document, and with which rights. Used at the HTTP upgrade (before the
// WebSocket exists) and for the periodic and event-driven re-checks of open sockets. See docs/collab.md.
import type { IncomingMessage } from 'node:http';
import { and, eq, inArray } from 'drizzle-orm';
import { one, transaction, type DB } from '../db/index.ts';
import { documents } from '../db/schema/documents.ts';
import { workspaceMembers, type Role } from '../db/schema/workspaces.ts';
import * as session from '../auth/session.ts';
import * as tokens from '../auth/tokens.ts';

/** How the socket proved who it is; kept to re-check it. */
export type Credentials = { kind: 'session'; token: string } | { kind: 'token'; raw: string };

export type Grant = {
	userId: string;
	userName: string;
	workspaceId: string;
	role: Role;
	/** Commenters, observers, read-scoped tokens and everyone on a decided document read live only. */
	readOnly: boolean;
};

export type Refusal = { ok: false; status: 401 | 403 | 404; message: string };
export type Authenticated = { ok: true; grant: Grant; credentials: Credentials };
export type Rechecked = { ok: true; grant: Grant } | { ok: false; code: 4401 | 4403 | 4404; reason: string };

export interface CollabAccess {
	/** Checks an upgrade request for a document. `origin` is the public origin (ORIGIN) cookies must come from. */
	authenticate(
		req: IncomingMessage,
		documentId: string,
		origin: string | undefined
	): Promise<Authenticated | Refusal>;
	/**
	 * Re-checks an open socket's credentials and role (and extends its session as a request would). One pass
	 * over many sockets passes the same `pass` map, so each session or token is looked up once in that pass.
	 */
	recheck(credentials: Credentials, documentId: string, pass?: RecheckPass): Promise<Rechecked>;
}

/** What one re-check pass has learnt of each credential, document and membership (opaque to callers). */
export type RecheckPass = Map<string, Promise<unknown>>;

const PASS_DOCUMENTS = 'documents';

/**
 * A re-check pass over the sockets of these documents: the documents' rows are read together, a few hundred
 * to a query, the first time one is needed, instead of one query per document.
 */
export function recheckPass(documentIds: Iterable<string>): RecheckPass {
	return new Map([[PASS_DOCUMENTS, Promise.resolve([...documentIds])]]);
}

/** What `load` resolves to, once per pass (every time without a pass). */
function once<T>(pass: RecheckPass | undefined, key: string, load: () => Promise<T>): Promise<T> {
	if (!pass) return load();
	let known = pass.get(key) as Promise<T> | undefined;
	if (!known) {
		known = load();
		pass.set(key, known);
	}
	return known;
}

/** A credential's key in a re-check pass: the session token or the raw access token. */
export function credentialKey(credentials: Credentials): string {
	return credentials.kind === 'session' ? `s:${credentials.token}` : `t:${credentials.raw}`;
}

const WRITE_ROLES: ReadonlySet<Role> = new Set(['facilitator', 'editor']);

export function isWriteRole(role: Role): boolean {
	return WRITE_ROLES.has(role);
}

/** Reads one cookie from a Cookie header. */
export function readCookie(header: string | undefined, name: string): string | null {
	if (!header) return null;
	for (const part of header.split(';')) {
		const eq = part.indexOf('=');
		if (eq < 0) continue;
		if (part.slice(0, eq).trim() !== name) continue;
		const value = part.slice(eq + 1).trim();
		try {
			return decodeURIComponent(value);
		} catch {
			return null;
		}
	}
	return null;
}

/** Whether the upgrade's Origin header is the public origin. Without ORIGIN (development) it must match Host. */
export function originAllowed(req: IncomingMessage, origin: string | undefined): boolean {
	const given = req.headers.origin;
	if (!given) return false;
	if (origin) return given === origin.replace(/\/$/, '');
	const host = req.headers.host;
	return !!host && (given === `http://${host}` || given === `https://${host}`);
}

type Who = {
	userId: string;
	userName: string;
	scope: 'read' | 'write' | null;
	workspaceIds: string[] | null;
};

/** Access from storage (either engine): sessions, personal access tokens and workspace membership. */
export function storedAccess(db: DB, options: { benchWorkspaceId?: string | null } = {}): CollabAccess {
	// Outside a transaction, reads never wait for, or see into, another request's transaction.
	const docWorkspace = async (id: string) =>
		one(
			await db
				.select({ workspaceId: documents.workspaceId, status: documents.status })
				.from(documents)
				.where(eq(documents.id, id))
		);
	type DocumentRow = NonNullable<Awaited<ReturnType<typeof docWorkspace>>>;
	/** The pass's documents, read in chunks (a document deleted since is missing from the map). */
	const passDocuments = (pass: RecheckPass) =>
		once(pass, 'rows', async () => {
			const ids = ((await pass.get(PASS_DOCUMENTS)) as string[] | undefined) ?? [];
			const rows = new Map<string, DocumentRow>();
			for (let i = 0; i < ids.length; i += 500) {
				const chunk = await db
					.select({ id: documents.id, workspaceId: documents.workspaceId, status: documents.status })
					.from(documents)
					.where(inArray(documents.id, ids.slice(i, i + 500)));
				for (const { id, ...row } of chunk) rows.set(id, row);
			}
			return { ids: new Set(ids), rows };
		});
	/** A document's row, from the pass's batch when the pass covers it. */
	const documentIn = async (id: string, pass?: RecheckPass) => {
		if (pass?.has(PASS_DOCUMENTS)) {
			const { ids, rows } = await passDocuments(pass);
			if (ids.has(id)) return rows.get(id);
		}
		return once(pass, `d:${id}`, () => docWorkspace(id));
	};
	const membership = async (workspaceId: string, userId: string) =>
		one(
			await db
				.select({ role: workspaceMembers.role })
				.from(workspaceMembers)
				.where(and(eq(workspaceMembers.workspaceId, workspaceId), eq(workspaceMembers.userId, userId)))
		);
	const benchWorkspace = options.benchWorkspaceId ?? null;

	async function identify(credentials: Credentials): Promise<Who | null> {
		if (credentials.kind === 'session') {
			const v = await session.validateSessionToken(db, credentials.token);
			// A session held at the two-factor set-up page edits nothing either.
			return v && !v.setUpTwoFactor
				? { userId: v.user.id, userName: v.user.name, scope: null, workspaceIds: null }
				: null;
		}
		const v = await tokens.validateApiToken(db, credentials.raw);
		return v
			? { userId: v.user.id, userName: v.user.name, scope: v.token.scope, workspaceIds: v.token.workspaceIds }
			: null;
	}

	/** Benchmark mode only: a write token of an editor of the bench workspace creates the document it names. */
	async function benchCreate(who: Who, documentId: string): Promise<string | null> {
		if (!benchWorkspace || who.scope !== 'write') return null;
		if (who.workspaceIds && !who.workspaceIds.includes(benchWorkspace)) return null;
		const m = await membership(benchWorkspace, who.userId);
		if (!m || !isWriteRole(m.role)) return null;
		const now = Date.now();
		await transaction(db, async (tx) => {
			await tx
				.insert(documents)
				.values({
					id: documentId,
					workspaceId: benchWorkspace,
					title: `Benchmark ${documentId}`,
					kind: 'other',
					createdBy: who.userId,
					createdAt: now,
					updatedAt: now
				})
				.onConflictDoNothing();
		});
		return (await docWorkspace(documentId))?.workspaceId ?? null;
	}

	async function grantFor(
		who: Who,
		documentId: string,
		allowCreate: boolean,
		pass?: RecheckPass
	): Promise<Grant | { status: 403 | 404; message: string }> {
		const doc = await documentIn(documentId, pass);
		let workspaceId = doc?.workspaceId ?? null;
		if (!workspaceId && allowCreate) workspaceId = await benchCreate(who, documentId);
		if (!workspaceId) return { status: 404, message: 'No such document.' };
		if (who.workspaceIds && !who.workspaceIds.includes(workspaceId))
			return { status: 404, message: 'No such document.' };
		const m = await once(pass, `m:${workspaceId}\u0000${who.userId}`, () =>
			membership(workspaceId, who.userId)
		);
		if (!m) return { status: 404, message: 'No such document.' };
		// A decided document is read-only for everyone until a facilitator starts a revision.
		const readOnly = !isWriteRole(m.role) || who.scope === 'read' || doc?.status === 'decided';
		return { userId: who.userId, userName: who.userName, workspaceId, role: m.role, readOnly };
	}

	return {
		async authenticate(req, documentId, origin) {
			let credentials: Credentials;
			const authorization = req.headers.authorization;
			if (authorization !== undefined) {
				// A Bearer header makes the request ignore cookies.
				const match = /^Bearer\s+(\S+)$/i.exec(authorization);
				if (!match) return { ok: false, status: 401, message: 'Expected "Authorization: Bearer <token>".' };
				credentials = { kind: 'token', raw: match[1] };
			} else {
				const token = readCookie(req.headers.cookie, session.SESSION_COOKIE);
				if (!token) return { ok: false, status: 401, message: 'Sign in first.' };
				if (!originAllowed(req, origin))
					return { ok: false, status: 403, message: 'Cross-origin connection refused.' };
				credentials = { kind: 'session', token };
			}
			const who = await identify(credentials);
			if (!who)
				return { ok: false, status: 401, message: 'The session or token is unknown, revoked or expired.' };
			const grant = await grantFor(who, documentId, credentials.kind === 'token');
			if ('status' in grant) return { ok: false, ...grant };
			return { ok: true, grant, credentials };
		},

		async recheck(credentials, documentId, pass) {
			const who = await once(pass, credentialKey(credentials), () => identify(credentials));
			if (!who) return { ok: false, code: 4401, reason: 'session ended' };
			const grant = await grantFor(who, documentId, false, pass);
			if ('status' in grant)
				return grant.status === 404 && !(await documentIn(documentId, pass))
					? { ok: false, code: 4404, reason: 'document deleted' }
					: { ok: false, code: 4403, reason: 'access removed' };
			return { ok: true, grant };
		}
	};
}
