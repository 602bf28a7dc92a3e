/**
 * The register read as records: decisions (with their dissents and supersessions) and actions (with their
 * history), built from the chain's payloads alone. Every page, export and review built from a register starts
 * here, so what it shows can be traced to the entries.
 */
import type { Entry } from './chain.ts';
import type {
	ActionCreatedPayload,
	ActionUpdatedPayload,
	DecisionPayload,
	DissentPayload,
	ExportedPersonal,
	RedactedPayload,
	RegisterReport,
	SupersededPayload
} from './register-record.ts';

export type WorkspaceInfo = { id: string; slug: string; name: string; timeZone: string };

export type RegisterData = {
	workspace: WorkspaceInfo;
	entries: Entry[];
	personal: ExportedPersonal[];
	report: RegisterReport;
};

export type DecisionView = DecisionPayload & {
	seq: number;
	hash: string;
	at: string;
	supersededBy: string | null;
	dissents: (DissentPayload & { seq: number; at: string })[];
};

export type ActionView = ActionCreatedPayload & {
	seq: number;
	createdAt: string;
	updatedAt: string;
	notes: (ActionUpdatedPayload & { seq: number; at: string })[];
};

/** Reads the chain into decisions (with dissents and supersessions) and actions (with their history). */
export function project(entries: Entry[]): {
	decisions: DecisionView[];
	actions: ActionView[];
	redacted: Set<string>;
} {
	const decisions = new Map<string, DecisionView>();
	const actions = new Map<string, ActionView>();
	const redacted = new Set<string>();
	for (const e of entries) {
		const p = e.payload as unknown;
		switch (e.type) {
			case 'decision.published': {
				const d = p as DecisionPayload;
				decisions.set(d.decision, {
					...d,
					seq: e.seq,
					hash: e.hash,
					at: e.at,
					supersededBy: null,
					dissents: []
				});
				break;
			}
			case 'decision.superseded': {
				const s = p as SupersededPayload;
				const d = decisions.get(s.decision);
				if (d) d.supersededBy = s.supersededBy;
				break;
			}
			case 'dissent.added': {
				const x = p as DissentPayload;
				decisions.get(x.decision)?.dissents.push({ ...x, seq: e.seq, at: e.at });
				break;
			}
			case 'action.created': {
				const a = p as ActionCreatedPayload;
				actions.set(a.action, { ...a, seq: e.seq, createdAt: e.at, updatedAt: e.at, notes: [] });
				break;
			}
			case 'action.updated': {
				const u = p as ActionUpdatedPayload;
				const a = actions.get(u.action);
				if (a) {
					a.status = u.status;
					a.due = u.due;
					a.updatedAt = e.at;
					a.notes.push({ ...u, seq: e.seq, at: e.at });
				}
				break;
			}
			case 'personal.redacted':
				for (const r of (p as RedactedPayload).entries) redacted.add(r.digest);
				break;
		}
	}
	return { decisions: [...decisions.values()], actions: [...actions.values()], redacted };
}

/** Whether an action is overdue on `today` (YYYY-MM-DD in the workspace's zone). */
export function actionOverdue(a: { status: string; due: string }, today: string): boolean {
	return (a.status === 'planned' || a.status === 'in_progress') && a.due < today;
}
