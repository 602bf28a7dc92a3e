// Plugins that arrive after the editor was made. Adding a plugin to a running editor reconfigures its state,
// and the collaboration binding answers that by drawing the whole document again, under the cursor of someone
// who may be typing. So the editor starts with empty places instead, each of which hands what happens (its
// transactions, pastes, clicks, and its view's life) to the plugin put in it later. A plugin put there must
// keep no plugin state of its own (state cannot be added after the start); link detection's plugins keep
// none (link-behaviour.ts).
import { Extension } from '@tiptap/core';
import { Plugin, PluginKey, type PluginView } from '@tiptap/pm/state';
import type { EditorProps, EditorView } from '@tiptap/pm/view';

type Events = NonNullable<EditorProps['handleDOMEvents']>;
/** The DOM events a late plugin may handle. */
const EVENTS = ['paste', 'drop'] as const satisfies (keyof Events)[];

export function latePlugins(count: number) {
	const arrived: (Plugin | undefined)[] = [];
	const views: (PluginView | undefined)[] = [];
	let editorView: EditorView | undefined;

	const place = (i: number) =>
		new Plugin({
			key: new PluginKey(`late-${i}`),
			view(view) {
				editorView = view;
				return {
					update: (v, prev) => views[i]?.update?.(v, prev),
					destroy: () => views[i]?.destroy?.()
				};
			},
			appendTransaction: (transactions, oldState, newState) =>
				arrived[i]?.spec.appendTransaction?.call(arrived[i], transactions, oldState, newState),
			props: {
				handlePaste: (view, event, slice) =>
					arrived[i]?.props.handlePaste?.call(arrived[i]!, view, event, slice) ?? false,
				handleClick: (view, pos, event) =>
					arrived[i]?.props.handleClick?.call(arrived[i]!, view, pos, event) ?? false,
				handleDOMEvents: Object.fromEntries(
					EVENTS.map((name) => [
						name,
						(view: EditorView, event: Event) =>
							(
								arrived[i]?.props.handleDOMEvents?.[name] as
									((view: EditorView, event: Event) => boolean | void) | undefined
							)?.call(arrived[i], view, event) ?? false
					])
				)
			}
		});

	const places = Array.from({ length: count }, (_, i) => place(i));
	return {
		extension: Extension.create({
			name: 'latePlugins',
			// Where link detection's plugins were when Tiptap's Link made them: before the others.
			priority: 1000,
			addProseMirrorPlugins: () => places
		}),
		/** Puts the plugins in the empty places, in order; more than there are places is a mistake. */
		fill(plugins: Plugin[]) {
			if (plugins.length > count) throw new Error(`${plugins.length} late plugins for ${count} places`);
			plugins.forEach((plugin, i) => {
				if (plugin.spec.state) throw new Error(`a late plugin cannot keep state (${i})`);
				arrived[i] = plugin;
				if (editorView && !editorView.isDestroyed) views[i] = plugin.spec.view?.(editorView);
			});
		}
	};
}

export type LatePlugins = ReturnType<typeof latePlugins>;
