// Changes to the drafting checks: a facilitator's settings for a workspace and choice of checks for a document of
// kind `other`, an editor's dismissal of a finding.
import { loadWorkspace, type Actor } from '../access.ts';
import * as registry from '../collab/registry.ts';
import { getDb } from '../db/index.ts';
import { documentFor, documentInWorkspace } from '../documents/queries.ts';
import { Invalid, NotFound } from '../errors.ts';
import { readInput } from '../fields.ts';
import { authorize } from '../policy/index.ts';
import { CHECK_BY_ID, FAMILIES } from '../../domain/checks/index.ts';
import * as repo from './repository.ts';
import { checkDocumentContent, settingsFor } from './run.ts';
import { checkSetInput, dismissalInput, settingInput } from './schemas.ts';

/** Bounds of the numbers a facilitator may set. */
const RANGES = {
	minWeighting: [0, 100],
	maxPaymentDays: [1, 365],
	minStandstillDays: [1, 60]
} as const;

/** A facilitator turns a check off (with a reason) or on, or sets its number. */
export async function configureCheck(actor: Actor, workspace: string, input: unknown) {
	const db = getDb();
	const { workspace: ws, member } = await loadWorkspace(db, actor, workspace);
	if (!member) throw new NotFound();
	authorize(actor, 'workspace.manage', member, ws);
	const v = readInput(settingInput, input);
	const check = CHECK_BY_ID[v.check];
	if (!check) throw new Invalid(`There is no check ${v.check}.`, { check: 'Unknown check' });
	if (v.off && !v.reason)
		throw new Invalid('Say why the check is turned off: members see the reason.', { reason: 'Required' });
	if (v.value != null) {
		if (!check.setting)
			throw new Invalid(`${v.check} has no number to set.`, { value: 'Not for this check' });
		const [lo, hi] = RANGES[check.setting.key];
		if (v.value < lo || v.value > hi)
			throw new Invalid(`${check.setting.label} must be between ${lo} and ${hi} ${check.setting.unit}.`, {
				value: 'Out of range'
			});
	}
	await repo.putSetting(db, {
		workspaceId: ws.id,
		checkId: v.check,
		off: v.off,
		reason: v.off ? (v.reason ?? null) : null,
		value: v.value ?? null,
		updatedBy: actor.user?.id ?? null,
		updatedAt: Date.now()
	});
	return await settingsFor(db, ws.id);
}

/**
 * A facilitator picks which families of checks run on a document of kind `other` (none do until then); the
 * other kinds follow their kind. Results already kept with versions keep the set they were made with.
 */
export async function chooseCheckSet(
	actor: Actor,
	documentId: string,
	input: unknown,
	/** The workspace a page's address names: a document of another workspace is then not found. */
	workspace?: string
) {
	const { document } = workspace
		? await documentInWorkspace(actor, workspace, documentId, 'checks.chooseSet')
		: await documentFor(actor, documentId, 'checks.chooseSet');
	const v = readInput(checkSetInput, input);
	if (document.kind !== 'other')
		throw new Invalid(
			'The checks on this document follow its kind; a set can be picked only for a document of another kind.',
			{ families: 'Not for this kind' }
		);
	const families = FAMILIES.filter((f) => v.families.includes(f));
	await repo.putCheckSet(getDb(), {
		documentId: document.id,
		families,
		updatedBy: actor.user?.id ?? null,
		updatedAt: Date.now()
	});
	return { documentId: document.id, families };
}

/** The `other` documents of a workspace with the check families picked for each (facilitators). */
export async function otherDocumentCheckSets(actor: Actor, workspace: string) {
	const db = getDb();
	const { workspace: ws, member } = await loadWorkspace(db, actor, workspace);
	if (!member) throw new NotFound();
	authorize(actor, 'workspace.manage', member, ws);
	return (await repo.otherDocumentsOf(db, ws.id)).map((d) => ({
		id: d.id,
		title: d.title,
		families: FAMILIES.filter((f) => d.families?.includes(f))
	}));
}

/** The workspace's settings (members). */
export async function checkSettings(actor: Actor, workspace: string) {
	const db = getDb();
	const { workspace: ws, member } = await loadWorkspace(db, actor, workspace);
	if (!member) throw new NotFound();
	return await settingsFor(db, ws.id);
}

/**
 * An editor or facilitator dismisses a finding on the current text with a reason. It holds while the text
 * the finding's key was made from is unchanged; a finding that is not there now cannot be dismissed.
 */
export async function dismissFinding(actor: Actor, documentId: string, input: unknown) {
	const { document } = await documentFor(actor, documentId, 'checks.dismiss');
	const v = readInput(dismissalInput, input);
	const db = getDb();
	const ydoc = await registry.readDocument(document.id);
	if (!ydoc) throw new NotFound();
	let run;
	try {
		run = await checkDocumentContent(db, document.id, ydoc);
	} finally {
		ydoc.destroy();
	}
	const finding = run.findings.find((f) => f.key === v.key);
	if (!finding)
		throw new Invalid('That finding is no longer there: the text changed, or it was fixed.', {
			key: 'Not found'
		});
	await repo.putDismissal(db, {
		documentId: document.id,
		key: v.key,
		checkId: finding.check,
		reason: v.reason,
		createdBy: actor.user?.id ?? null,
		createdAt: Date.now()
	});
	return { ...finding, dismissed: { reason: v.reason } };
}

/** Takes a dismissal back: the finding counts again. */
export async function restoreFinding(actor: Actor, documentId: string, key: string) {
	const { document } = await documentFor(actor, documentId, 'checks.dismiss');
	if (!(await repo.deleteDismissal(getDb(), document.id, key))) throw new NotFound();
}
