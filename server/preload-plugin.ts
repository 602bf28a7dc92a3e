// Build only: names the client chunks of the document page's live editor, so that the page's HTML can ask for
// them at once (`<link rel="modulepreload">`) instead of after the page's own files have loaded and its script
// has run (docs/performance.md, "Weak connection"). The client build writes their file names to
// `_app/editor-modules.json`, read by the server at run time (src/lib/server/http/preload.ts): the server is
// built before the client, so it cannot import them.
import type { Plugin } from 'vite';

/** The file the client build writes, relative to the client folder. */
export const EDITOR_MODULES_FILE = '_app/editor-modules.json';

type Chunk = {
	type: 'chunk';
	fileName: string;
	imports: string[];
	code: string;
	moduleIds: string[];
	viteMetadata?: { importedCss: Set<string> };
};

/** What the file holds for each group: its chunks (largest first) and their style sheets. */
export type EditorModules = Record<keyof typeof GROUPS, { js: string[]; css: string[] }>;

/** The modules a page loads later, by what they are for; each list holds a chunk and what it imports. */
const GROUPS = {
	/** Everyone with the live editor: the connection (Yjs, the socket) and the editor (Tiptap, ProseMirror). */
	live: ['/src/lib/collab/connection.ts', '/src/lib/collab/session.ts'],
	/** Editors only: the toolbar and its panels. */
	edit: ['/src/lib/components/EditorToolbar.svelte']
};
/** The page whose own files SvelteKit already preloads (left out of the lists). */
const PAGE = '/src/routes/(app)/w/[workspace]/documents/[document]/+page.svelte';

export function editorModulesPlugin(): Plugin {
	return {
		name: 'parity-editor-modules',
		apply: 'build',
		generateBundle(_options, bundle) {
			if (this.environment.name !== 'client') return;
			const chunks = Object.values(bundle).filter(
				(c): c is Chunk & (typeof bundle)[string] => c.type === 'chunk'
			);
			const byName = new Map(chunks.map((c) => [c.fileName, c]));
			const holding = (id: string) => {
				const found = chunks.find((c) => c.moduleIds.some((m) => m.endsWith(id)));
				if (!found) this.error(`no client chunk holds ${id}`);
				return found;
			};
			const closure = (roots: Chunk[], into = new Set<string>()) => {
				const visit = (c: Chunk) => {
					if (into.has(c.fileName)) return;
					into.add(c.fileName);
					for (const i of c.imports) visit(byName.get(i)!);
				};
				roots.forEach(visit);
				return into;
			};
			const cssOf = (files: Iterable<string>) => [
				...new Set([...files].flatMap((f) => [...(byName.get(f)!.viteMetadata?.importedCss ?? [])]))
			];
			const known = closure([holding(PAGE)]);
			const knownCss = new Set(cssOf(known));
			const lists: Partial<EditorModules> = {};
			for (const [group, ids] of Object.entries(GROUPS) as [keyof typeof GROUPS, string[]][]) {
				const files = [...closure(ids.map(holding))].filter((f) => !known.has(f));
				files.forEach((f) => known.add(f));
				// Their style sheets too: the dynamic import waits for them, a round trip after the code arrived.
				const css = cssOf(files).filter((f) => !knownCss.has(f));
				css.forEach((f) => knownCss.add(f));
				// The largest first: on a slow link it takes longest, and it should not wait for a free connection.
				const js = files.sort((a, b) => byName.get(b)!.code.length - byName.get(a)!.code.length);
				lists[group] = { js, css };
			}
			this.emitFile({ type: 'asset', fileName: EDITOR_MODULES_FILE, source: JSON.stringify(lists) });
		}
	};
}
