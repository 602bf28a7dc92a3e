// Walks every operation of the OpenAPI document (GET /api/v1/openapi.json from the real server) with generated
// bad input — wrong types, missing and extra fields, huge and tiny numbers, far dates, ill-formed Unicode, NUL,
// unknown and empty ids, 1 MiB strings — as a signed-in facilitator who is also an administrator, with real ids
// in the path. Every answer must be below 500, and a 4xx must leave the database exactly as it was.
//
// "Exactly as it was" compares the content of every table in the SQLite file (read-only connection) before and
// after each request, except what any authenticated request may legitimately touch:
//   - the table `login_throttle` (sign-in throttle counters; request rate limits are kept in memory),
//   - the column `sessions.expires_at` (the sliding session expiry),
//   - the column `api_tokens.last_used_at` (when a token was last used).
// Generation is deterministic (fast-check with a fixed seed) and bounded per operation.
import { describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { createHash } from 'node:crypto';
import { useServer } from '../fixtures/suite.ts';
import { apiClient } from '../fixtures/http.ts';
import {
	addMember,
	addPartner,
	createOrganisation,
	createToken,
	createUser,
	createWorkspace
} from '../fixtures/factory.ts';
import type { TestServer } from '../fixtures/server.ts';
import type { DB } from '../../src/lib/server/db/index.ts';

let server: TestServer;
let db: DB;
// The mail worker's periodic scan (digests, reminders) would write at moments no request caused.
useServer({ env: { PARITY_MAIL_INTERVAL_MS: '3600000' } }, (s) => ({ server, db } = s));

/** Fixed, so every run sends the same requests; FUZZ_SEED explores others. */
const SEED = Number(process.env.FUZZ_SEED ?? 20261202);
/** Values of any kind tried in each field, beyond those chosen for the field's kind. */
const EXTRA_PER_FIELD = 1;
const MIB = 1024 * 1024;

const IGNORED_TABLES = new Set(['login_throttle']);
const IGNORED_COLUMNS: Record<string, string[]> = { sessions: ['expires_at'], api_tokens: ['last_used_at'] };

type Schema = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** A digest of every table's content, minus what requests may legitimately touch. */
function snapshot(reader: Database.Database): Map<string, string> {
	const tables = reader
		.prepare(
			"select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like '__drizzle%' order by name"
		)
		.pluck()
		.all() as string[];
	const out = new Map<string, string>();
	for (const t of tables) {
		if (IGNORED_TABLES.has(t)) continue;
		const skip = new Set(IGNORED_COLUMNS[t] ?? []);
		const h = createHash('sha256');
		for (const row of reader.prepare(`select * from "${t}" order by rowid`).all() as Record<
			string,
			unknown
		>[])
			for (const [k, v] of Object.entries(row))
				if (!skip.has(k)) h.update(`${k}=${Buffer.isBuffer(v) ? v.toString('hex') : String(v)};`);
		out.set(t, h.digest('hex'));
	}
	return out;
}

function changedTables(a: Map<string, string>, b: Map<string, string>): string[] {
	return [...b.keys()].filter((k) => a.get(k) !== b.get(k));
}

describe('every API operation, with generated bad input', () => {
	it('answers below 500, and a 4xx writes nothing', { timeout: 300_000 }, async () => {
		// ── A workspace with something of every kind, so paths resolve to real rows ──
		const admin = await createUser(db, { name: 'Fuzz Admin', isAdmin: true });
		const other = await createUser(db, { name: 'Other Member' });
		const spare = await createUser(db, { name: 'Spare Member' });
		const ws = await createWorkspace(db, { facilitatorId: admin.id });
		const vcse = await createOrganisation(db, { sector: 'vcse' });
		const statutory = await createOrganisation(db, { sector: 'statutory' });
		const spareOrg = await createOrganisation(db, { sector: 'vcse' });
		for (const o of [vcse, statutory, spareOrg]) await addPartner(db, ws.id, o.id);
		await addMember(db, ws.id, admin.id, {
			role: 'facilitator',
			organisationId: vcse.id,
			votingDelegate: true
		});
		await addMember(db, ws.id, other.id, {
			role: 'editor',
			organisationId: statutory.id,
			votingDelegate: true
		});
		await addMember(db, ws.id, spare.id, { role: 'commenter', organisationId: vcse.id });
		await createToken(db, admin.id, { name: 'spare' });

		const api = apiClient(server, { cookie: admin.cookie });
		const ok = async (res: Promise<{ status: number; json: Schema; text: string }>) => {
			const r = await res;
			if (r.status >= 300) throw new Error(`set-up request failed: ${r.status} ${r.text}`);
			return r.json;
		};
		const doc = await ok(
			api.post(`/api/v1/workspaces/${ws.id}/documents`, {
				title: 'Fuzz policy',
				kind: 'other',
				template: 'social_value'
			})
		);
		const version = await ok(api.post(`/api/v1/documents/${doc.id}/versions`, { name: 'First' }));
		const thread = await ok(
			api.post(`/api/v1/documents/${doc.id}/comments`, { body: 'A comment', block: 0 })
		);
		const suggestion = await ok(
			api.post(`/api/v1/documents/${doc.id}/suggestions`, { replacement: 'New words', block: 0 })
		);
		const consultation = await ok(
			api.post(`/api/v1/documents/${doc.id}/consultations`, {
				closesAt: '2100-01-01T12:00',
				audience: 'public',
				questions: ['What do you think?']
			})
		);
		const links = await ok(api.get(`/api/v1/consultations/${consultation.id}/links`));
		const linkId: string = (links.links ?? links)[0]?.id ?? 'no-link';
		const draftVote = await ok(
			api.post(`/api/v1/workspaces/${ws.id}/votes`, {
				question: 'Adopt the policy?',
				opensAt: '2100-01-01T09:00:00Z',
				closesAt: '2100-01-02T09:00:00Z'
			})
		);
		const closedVote = await ok(
			api.post(`/api/v1/workspaces/${ws.id}/votes`, {
				question: 'Adopt the earlier policy?',
				opensAt: '2100-01-01T09:00:00Z',
				closesAt: '2100-01-02T09:00:00Z'
			})
		);
		await ok(api.post(`/api/v1/votes/${closedVote.id}/open`, {}));
		await ok(api.post(`/api/v1/votes/${closedVote.id}/ballots`, { organisationId: vcse.id, choice: 'for' }));
		await ok(api.post(`/api/v1/votes/${closedVote.id}/close`, { reason: 'Everyone has voted' }));
		const openVote = await ok(
			api.post(`/api/v1/workspaces/${ws.id}/votes`, {
				question: 'Adopt the next policy?',
				opensAt: '2100-01-01T09:00:00Z',
				closesAt: '2100-01-02T09:00:00Z'
			})
		);
		await ok(api.post(`/api/v1/votes/${openVote.id}/open`, {}));
		const decision = await ok(
			api.post(`/api/v1/workspaces/${ws.id}/decisions`, {
				method: 'vote',
				voteId: closedVote.id,
				title: 'The earlier policy',
				rationale: 'Agreed by vote',
				decidedWhere: 'Online'
			})
		);
		const action = await ok(
			api.post(`/api/v1/workspaces/${ws.id}/actions`, {
				ownerOrganisationId: vcse.id,
				description: 'Publish it',
				dueDate: '2100-03-31',
				decisionId: decision.id
			})
		);
		const invitation = await ok(
			api.post(`/api/v1/workspaces/${ws.id}/invitations`, {
				email: 'invitee@example.org',
				role: 'editor',
				organisationId: vcse.id
			})
		);
		const organisation = await ok(
			api.post('/api/v1/organisations', { name: 'Fuzz organisation', sector: 'vcse', sizeBand: 'small' })
		);
		const tokens = await ok(api.get('/api/v1/tokens'));
		const spareTokenId: string = tokens.tokens.find((t: { name: string }) => t.name === 'spare').id;

		// Real ids for path parameters (a spare member, partner and token where a mistake would remove the admin)
		const idFor = (path: string, name: string): string => {
			if (name === 'versionId') return version.id;
			if (name === 'linkId') return linkId;
			if (name === 'workspaceId') return ws.id;
			if (name === 'userId') return path.startsWith('/organisations') ? other.id : spare.id;
			if (name === 'organisationId') return spareOrg.id;
			const first = path.split('/')[1];
			const byCollection: Record<string, string> = {
				actions: action.id,
				comments: thread.id,
				consultations: consultation.id,
				decisions: decision.id,
				documents: doc.id,
				invitations: invitation.id,
				organisations: organisation.id,
				suggestions: suggestion.id,
				tokens: spareTokenId,
				votes: /\/(ballots|close|reminders)$/.test(path)
					? openVote.id
					: path.endsWith('/tally')
						? closedVote.id
						: draftVote.id,
				workspaces: ws.id
			};
			return byCollection[first] ?? 'unknown';
		};
		// Real ids for body fields named like ids
		const bodyIds: Record<string, string> = {
			organisationId: vcse.id,
			ownerOrganisationId: vcse.id,
			userId: other.id,
			documentId: doc.id,
			documentVersionId: version.id,
			voteId: closedVote.id,
			decisionId: decision.id,
			consultationId: consultation.id,
			supersedes: decision.id
		};

		// ── The OpenAPI document ──
		const spec = await ok(api.get('/api/v1/openapi.json'));
		const resolve = (s: Schema | undefined): Schema => {
			if (!s) return {};
			if (s.$ref) return resolve(spec.components.schemas[s.$ref.split('/').pop()]);
			if (s.allOf) {
				const parts = s.allOf.map(resolve);
				return {
					type: 'object',
					properties: Object.assign({}, ...parts.map((p: Schema) => p.properties ?? {})),
					required: parts.flatMap((p: Schema) => p.required ?? [])
				};
			}
			// A choice of shapes (zod writes `anyOf`, nullable ones with a null branch): the first real one
			const choices: Schema[] | undefined = s.oneOf ?? s.anyOf;
			if (choices && !s.type) return resolve(choices.find((c) => c.type !== 'null') ?? choices[0]);
			return s;
		};
		const typeOf = (s: Schema): string => (Array.isArray(s.type) ? s.type[0] : s.type);

		/** A plausible value for a field, so that one broken field at a time reaches the code behind it. */
		const plausible = (name: string, raw: Schema): unknown => {
			const s = resolve(raw);
			if (bodyIds[name]) return bodyIds[name];
			if (name === 'opensAt') return '2100-01-01T09:00:00Z';
			if (name === 'closesAt') return s.example ? '2100-01-01T12:00' : '2100-01-02T09:00:00Z';
			if (name === 'workspaceIds') return [ws.id];
			if (name === 'organisations') return [vcse.id];
			if (s.enum) return s.enum[0];
			if (s.const !== undefined) return s.const;
			switch (typeOf(s)) {
				case 'string':
					if (s.format === 'date') return '2100-03-31';
					if (s.format === 'date-time') return '2100-01-01T09:00:00Z';
					if (s.format === 'email') return 'someone@example.org';
					return 'Plausible text'.padEnd(s.minLength ?? 0, '.');
				case 'integer':
				case 'number':
					return s.minimum ?? 1;
				case 'boolean':
					return false;
				case 'array':
					return [plausible(name, s.items ?? {})];
				case 'object':
					return Object.fromEntries(
						(s.required ?? []).map((k: string) => [k, plausible(k, s.properties?.[k] ?? {})])
					);
				default:
					return 'Plausible text';
			}
		};

		// Bad values by the kind of field they go into, plus a seeded sample of everything else
		const times = [
			8640000000000001,
			-1,
			1e308,
			'NaN',
			'+275760-09-13T00:00:00.001Z',
			'275760-09-13T00:00:00Z',
			'9999-12-31T23:59:59Z',
			'9999-12-31',
			'1969-12-31T23:59:59Z',
			'2026-02-30',
			'2026-13-45T99:99'
		];
		const numbers = [8640000000000001, -1, 1e308, -1e308, 2 ** 53, 0.5, 'NaN', 'Infinity', '1e999', '-0'];
		const texts = ['\ud800', 'a\udfffb', 'x\u0000y', '   ', 'x'.repeat(10_000)];
		const ids = ['', ' ', 'does-not-exist', '\u0000'];
		const wrongTypes = [null, true, [], {}, [1, 2], { a: 1 }, 42, 'text'];
		const pool = [...times, ...numbers, ...texts, ...ids, ...wrongTypes];
		const huge = (n: number) => 'y'.repeat(n);

		const isTime = (name: string, s: Schema) =>
			/At$|Date$|^(from|to)$/.test(name) ||
			s.format === 'date' ||
			s.format === 'date-time' ||
			(s.oneOf ?? s.anyOf ?? []).some((o: Schema) => o.format === 'date-time');
		const valuesFor = (name: string, raw: Schema): unknown[] => {
			const s = resolve(raw);
			if (isTime(name, raw) || isTime(name, s)) return times;
			if (/Id$|Ids$|^supersedes$|^organisations$/.test(name)) return ids;
			if (s.enum) return ['\ud800', '', 'not-a-choice'];
			const t = typeOf(s);
			if (t === 'integer' || t === 'number') return numbers;
			if (t === 'string') return texts;
			return [];
		};

		type Case = { label: string; body: unknown };
		// Bodies that pass the first checks, where the generated one would stop there (a consensus decision
		// reaches the attendees and conflicts; one from the vote stops at "already published")
		const BASES: Record<string, Record<string, unknown>> = {
			'POST /workspaces/{id}/decisions': {
				method: 'consensus',
				title: 'A consensus',
				question: 'Agree?',
				outcome: 'approved',
				rationale: 'Agreed',
				decidedWhere: 'Online',
				decidedAt: new Date().toISOString(),
				organisations: [vcse.id],
				attendees: [{ name: 'A person', organisationId: vcse.id, userId: other.id }],
				conflicts: [{ name: 'A person', organisationId: vcse.id, userId: other.id, declaration: 'Trustee' }],
				actions: [{ ownerOrganisationId: vcse.id, description: 'Do it', dueDate: '2100-01-01' }]
			}
		};
		function bodyCases(key: string, op: Schema, seed: number): Case[] {
			const schema = resolve(op.requestBody?.content?.['application/json']?.schema);
			const props: Record<string, Schema> = schema.properties ?? {};
			const base = (BASES[key] ?? plausible('', { ...schema, type: 'object' })) as Record<string, unknown>;
			const firstText = Object.keys(props).find((k) => typeOf(resolve(props[k])) === 'string');
			const cases: Case[] = [
				{ label: 'null body', body: 'null' },
				{ label: 'array body', body: '[]' },
				{ label: 'number body', body: '8640000000000001' },
				{ label: 'string body', body: '"\\ud800"' },
				{ label: 'broken JSON', body: '{"a":' },
				{ label: 'extra field', body: { ...base, unexpectedField: 1 } },
				{ label: 'lone surrogate key', body: { ...base, '\ud800': 1 } },
				// Just under the JSON limit (refused by field limits), and just over it
				{
					label: `1 MiB ${firstText ?? 'padding'}`,
					body: { ...base, [firstText ?? 'padding']: huge(MIB - 1000) }
				},
				{ label: 'over 1 MiB body', body: { ...base, padding: huge(MIB + 10) } }
			];
			for (const k of schema.required ?? []) {
				const rest = { ...base };
				delete rest[k];
				cases.push({ label: `without ${k}`, body: rest });
			}
			// One broken field at a time, including one level inside objects and arrays of objects
			const fields: { path: string[]; schema: Schema; parent?: Schema }[] = [];
			for (const [k, v] of Object.entries(props)) {
				fields.push({ path: [k], schema: v });
				const r = resolve(v);
				const isArray = typeOf(r) === 'array';
				const inner = isArray ? resolve(r.items) : r;
				for (const [k2, v2] of Object.entries<Schema>(inner.properties ?? {}))
					fields.push({ path: isArray ? [k, '0', k2] : [k, k2], schema: v2, parent: r });
			}
			const extra = fc.sample(
				fc.shuffledSubarray(
					pool.map((_, i) => i),
					{ minLength: EXTRA_PER_FIELD, maxLength: EXTRA_PER_FIELD }
				),
				{ seed, numRuns: Math.max(1, fields.length) }
			);
			fields.forEach((f, n) => {
				const name = f.path.at(-1)!;
				const values = [...valuesFor(name, f.schema), ...extra[n].map((i) => pool[i])];
				for (const value of values) {
					const body = structuredClone(base) as Schema;
					const [k, k2, k3] = f.path;
					if (f.path.length === 1) body[k] = value;
					else {
						const container = structuredClone(body[k] ?? plausible(k, f.parent!)) as Schema;
						if (k3 !== undefined) container[0] = { ...container[0], [k3]: value };
						else container[k2] = value;
						body[k] = container;
					}
					cases.push({ label: `${f.path.join('.')} = ${show(value)}`, body });
				}
			});
			return cases;
		}

		const badPathValues = ['does-not-exist', '', '%00', '%ED%A0%80', '%F0%9F', 'x'.repeat(5000), '..'];
		// Already URL-encoded: %ED%A0%80 is a lone surrogate's UTF-8 form, %2B a plus sign
		const badQueryValues = [
			'%ED%A0%80',
			'%00',
			'%',
			'-1',
			'8640000000000001',
			'1e308',
			'%2B275760-09-13T00:00:00Z',
			'x'
		];

		// ── Walk ──
		const reader = new Database(server.dbFile, { readonly: true, fileMustExist: true });
		const failures: string[] = [];
		let count = 0;
		const statuses = new Map<number, number>();
		const methods = ['get', 'post', 'put', 'patch', 'delete'];
		const operations = Object.entries<Record<string, Schema>>(spec.paths)
			.flatMap(([path, ops]) =>
				Object.entries(ops)
					.filter(([m]) => methods.includes(m))
					.map(([m, op]) => ({ path, method: m.toUpperCase(), op }))
			)
			// Deletions last, so they cannot take away what other operations work on
			.sort((a, b) => Number(a.method === 'DELETE') - Number(b.method === 'DELETE'));

		const send = async (method: string, url: string, body?: unknown) => {
			const headers: Record<string, string> = { cookie: admin.cookie, origin: server.url };
			if (method !== 'GET') headers['content-type'] = 'application/json';
			const payload =
				body === undefined || method === 'GET'
					? undefined
					: typeof body === 'string'
						? body
						: JSON.stringify(body);
			const res = await fetch(server.url + url, { method, headers, body: payload, redirect: 'manual' });
			const text = await res.text();
			return { status: res.status, text };
		};

		// `PRAGMA data_version` changes whenever another connection commits: the content is hashed only then.
		const dataVersion = () => reader.pragma('data_version', { simple: true }) as number;
		let seen = { version: dataVersion(), tables: snapshot(reader) };
		const current = () => {
			const v = dataVersion();
			if (v !== seen.version) seen = { version: v, tables: snapshot(reader) };
			return seen.tables;
		};
		const queuedMail = reader.prepare("SELECT count(*) FROM mail_messages WHERE status = 'queued'").pluck();
		/**
		 * Waits until nothing has been committed for a while and no email waits for the worker (work an accepted
		 * request started in the background, such as a meeting invitation's email).
		 */
		const settle = async () => {
			for (let last = dataVersion(), i = 0; i < 300; i++) {
				await new Promise((r) => setTimeout(r, 10));
				const v = dataVersion();
				if (v === last && queuedMail.get() === 0) return;
				last = v;
			}
		};

		let seed = SEED;
		for (const { path, method, op } of operations) {
			const names = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
			const query: Schema[] = (op.parameters ?? []).filter((x: Schema) => x.in === 'query');
			const real = (p: string) => p.replace(/\{(\w+)\}/g, (_, name: string) => idFor(path, name));
			const noBody = method === 'GET' || method === 'DELETE';
			const urls: { label: string; url: string; body?: unknown }[] = [];
			// Bad path values, one parameter at a time
			for (const name of names)
				for (const v of badPathValues)
					urls.push({
						label: `path ${name} = ${show(v)}`,
						url: '/api/v1' + path.replace(/\{(\w+)\}/g, (_, n: string) => (n === name ? v : idFor(path, n))),
						body: noBody ? undefined : {}
					});
			// Bad query values
			for (const p of query)
				for (const v of badQueryValues)
					urls.push({ label: `query ${p.name} = ${show(v)}`, url: `/api/v1${real(path)}?${p.name}=${v}` });
			// Bad bodies (also for operations that take none: they must ignore or refuse it)
			if (!noBody)
				for (const c of bodyCases(`${method} ${path}`, op, seed++))
					urls.push({ label: c.label, url: `/api/v1${real(path)}`, body: c.body });
			// And the operation itself, on real ids (deletions come last, on spare rows)
			urls.push({ label: 'real ids', url: `/api/v1${real(path)}`, body: noBody ? undefined : {} });

			for (const c of urls) {
				const before = current();
				const res = await send(method, c.url, c.body);
				count++;
				statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
				const where = `${method} ${path} [${c.label}]`;
				if (res.status >= 500) failures.push(`${where}: ${res.status} ${res.text.slice(0, 200)}`);
				else if (res.status >= 400) {
					const changed = changedTables(before, current());
					if (changed.length) failures.push(`${where}: ${res.status} but changed ${changed.join(', ')}`);
				} else if (method !== 'GET') await settle();
			}
		}
		reader.close();
		console.log(
			`fuzz-openapi: ${operations.length} operations, ${count} requests, statuses ${JSON.stringify(Object.fromEntries([...statuses].sort()))}, ${failures.length} failures`
		);
		expect(failures).toEqual([]);
	});
});

function show(v: unknown): string {
	if (typeof v === 'string') return v.length > 40 ? `${v.length} chars` : JSON.stringify(v);
	return JSON.stringify(v) ?? String(v);
}
