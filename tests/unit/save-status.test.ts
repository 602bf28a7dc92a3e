import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
	CHANGE_GAP_MS,
	countChanges,
	covers,
	describeChange,
	describeSaveState,
	hasUnsaved,
	ownChangesConfirmed,
	saveState
} from '../../src/lib/collab/save-status.ts';
import { decodeStateVector } from 'yjs';

describe('save confirmation', () => {
	it('is covered only when the server holds every clock we have', () => {
		const mine = new Y.Doc();
		const server = new Y.Doc();
		mine.getText('t').insert(0, 'hello');
		const sv = () => decodeStateVector(Y.encodeStateVector(server));
		const local = () => decodeStateVector(Y.encodeStateVector(mine));
		expect(covers(sv(), local())).toBe(false);
		Y.applyUpdate(server, Y.encodeStateAsUpdate(mine));
		expect(covers(sv(), local())).toBe(true);
		mine.getText('t').insert(5, '!');
		expect(covers(sv(), local())).toBe(false);
		// Changes from others that the server sent us are covered by definition.
		server.getText('t').insert(0, '>');
		Y.applyUpdate(mine, Y.encodeStateAsUpdate(server));
		Y.applyUpdate(server, Y.encodeStateAsUpdate(mine));
		expect(covers(sv(), local())).toBe(true);
	});

	it('needs confirmation only of our own changes', () => {
		const mine = new Y.Doc();
		const other = new Y.Doc();
		other.getText('t').insert(0, 'from someone else');
		Y.applyUpdate(mine, Y.encodeStateAsUpdate(other));
		const local = () => decodeStateVector(Y.encodeStateVector(mine));
		// Nothing of ours yet: confirmed even before the server has sent any vector.
		expect(ownChangesConfirmed(new Map(), local(), mine.clientID)).toBe(true);
		mine.getText('t').insert(0, 'mine ');
		expect(ownChangesConfirmed(new Map(), local(), mine.clientID)).toBe(false);
		const server = new Map([[mine.clientID, local().get(mine.clientID)!]]);
		expect(ownChangesConfirmed(server, local(), mine.clientID)).toBe(true);
	});

	it('says "All changes saved" only when connected, synced, covered and nothing pending', () => {
		const saved = saveState({ connection: 'connected', synced: true, covered: true, pending: 0 });
		expect(describeSaveState(saved)).toBe('All changes saved');
		expect(hasUnsaved(saved)).toBe(false);
		expect(
			describeSaveState(saveState({ connection: 'connected', synced: true, covered: false, pending: 0 }))
		).toBe('Saving…');
		expect(
			describeSaveState(saveState({ connection: 'connected', synced: true, covered: true, pending: 2 }))
		).toBe('Saving…');
		expect(
			describeSaveState(saveState({ connection: 'connected', synced: false, covered: true, pending: 0 }))
		).toBe('Connecting…');
	});

	it('counts what is not yet saved while offline or reconnecting', () => {
		const offline = saveState({ connection: 'disconnected', synced: true, covered: false, pending: 3 });
		expect(describeSaveState(offline)).toBe('Offline — 3 changes not yet saved');
		expect(hasUnsaved(offline)).toBe(true);
		expect(
			describeSaveState(saveState({ connection: 'connecting', synced: true, covered: false, pending: 1 }))
		).toBe('Reconnecting… 1 change not yet saved');
		expect(
			describeSaveState(saveState({ connection: 'disconnected', synced: true, covered: true, pending: 0 }))
		).toBe('Offline — no unsaved changes');
	});

	it('counts changes, not keystrokes: edits without a pause between them are one change', () => {
		expect(countChanges([])).toBe(0);
		// Typing a phrase (a keystroke every 80 ms) is one change; a pause starts the next.
		const phrase = (from: number) => Array.from({ length: 12 }, (_, i) => from + i * 80);
		expect(countChanges(phrase(0))).toBe(1);
		expect(countChanges([...phrase(0), ...phrase(880 + CHANGE_GAP_MS)])).toBe(2);
		expect(countChanges([0, CHANGE_GAP_MS - 1, 2 * CHANGE_GAP_MS - 2])).toBe(1);
		expect(countChanges([0, CHANGE_GAP_MS, 2 * CHANGE_GAP_MS])).toBe(3);
	});

	it('names a refused change by its text and size', () => {
		expect(describeChange({ bytes: 2 * 1024 * 1024 + 1, text: '  Annex A:\n\nrates  table ' })).toBe(
			'Your change starting “Annex A: rates table” is too large to save (about 2.0 MB), so it was not saved.'
		);
		const long = describeChange({ bytes: 70_000, text: 'word '.repeat(40) });
		expect(long).toMatch(/^Your change starting “(word ){11}word…” is too large to save \(about 68 KB\)/);
		expect(describeChange({ bytes: 900, text: '' })).toBe(
			'Your last change (formatting or layout) is too large to save (about 900 bytes), so it was not saved.'
		);
	});
});
