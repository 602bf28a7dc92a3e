// Build only: the application's own modules that pages load at once (statically imported from a page, a
// layout or the client's entry) go into two chunks instead of the dozens of small ones the bundler would make
// for each combination of pages that share them: on a slow link each request waits its round trip for one of
// six connections (docs/performance.md, "Weak connection"). The first chunk holds what the document page and
// its layouts need, so that page, the one people on a weak connection open most and the one whose editor must
// be ready soonest, loads nothing else of ours before its editor; the second holds what the other pages add.
// Modules loaded later (the live editor, its toolbar) stay in their own chunks: only modules reachable from an
// entry without a dynamic import count.
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Plugin } from 'vite';

/** The page the first chunk is made for, relative to the project. */
export const FIRST_PAGE = 'src/routes/(app)/w/[workspace]/documents/[document]/+page.svelte';

const OWN = /[\\/]src[\\/]lib[\\/]/;
const first = new Set<string>();
const eager = new Set<string>();

/** The document page and every layout it sits in. */
function firstRoots(root: string): string[] {
	const roots = [path.join(root, FIRST_PAGE)];
	for (let dir = path.dirname(FIRST_PAGE); ; dir = path.dirname(dir)) {
		const layout = path.join(root, dir, '+layout.svelte');
		if (existsSync(layout)) roots.push(layout);
		if (dir === 'src/routes' || dir === '.') break;
	}
	return roots;
}

/** Our modules the document page and its layouts load at once. */
export const inFirstChunk = (id: string) => OWN.test(id) && first.has(id);
/** Our modules other pages load at once. */
export const inSecondChunk = (id: string) => OWN.test(id) && eager.has(id) && !first.has(id);

export function eagerModulesPlugin(): Plugin {
	let root = process.cwd();
	return {
		name: 'parity-eager-modules',
		apply: 'build',
		configResolved(config) {
			root = config.root;
		},
		buildEnd() {
			if (this.environment.name !== 'client') return;
			const reach = (ids: string[], into: Set<string>) => {
				const visit = (id: string) => {
					if (into.has(id)) return;
					into.add(id);
					for (const next of this.getModuleInfo(id)?.importedIds ?? []) visit(next);
				};
				ids.forEach(visit);
			};
			first.clear();
			eager.clear();
			const roots = firstRoots(root);
			const missing = roots.filter((id) => !this.getModuleInfo(id));
			if (missing.length) this.error(`the client build has no module ${missing.join(', ')}`);
			reach(roots, first);
			reach(
				[...this.getModuleIds()].filter((id) => this.getModuleInfo(id)?.isEntry),
				eager
			);
			// What the document page loads later (its editor's panels) that other pages load at once goes in the
			// first chunk too: otherwise loading it later would ask for the second chunk, and SvelteKit links the
			// style sheets of what a page may load later into the page itself.
			const later = new Set<string>();
			const visitLater = (id: string) => {
				if (later.has(id)) return;
				later.add(id);
				const info = this.getModuleInfo(id);
				for (const next of [...(info?.importedIds ?? []), ...(info?.dynamicallyImportedIds ?? [])])
					visitLater(next);
			};
			for (const id of first)
				for (const next of this.getModuleInfo(id)?.dynamicallyImportedIds ?? []) visitLater(next);
			const moved = [...later].filter((id) => OWN.test(id) && eager.has(id) && !first.has(id));
			for (const id of moved) first.add(id);
		}
	};
}
