// The mail worker runs beside the web server and in the admin CLI: it must load neither the web framework nor
// the editor. This walks the static import graph from the worker (import specifiers read with a regular
// expression, relative .ts paths followed) and names what it reaches.
import { readFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const IMPORT = /(?:^|\n)\s*(?:import|export)\s+(?:type\s+)?(?:[^'"]*?\s+from\s+)?['"]([^'"]+)['"]/g;

/** Every module reached from `entry`: project files (relative to the root) and package specifiers. */
function graph(entry: string): { files: Set<string>; packages: Map<string, string> } {
	const files = new Set<string>();
	const packages = new Map<string, string>();
	const queue = [resolve(root, entry)];
	while (queue.length) {
		const file = queue.pop()!;
		const name = relative(root, file);
		if (files.has(name)) continue;
		files.add(name);
		const source = readFileSync(file, 'utf8');
		for (const m of source.matchAll(IMPORT)) {
			const line = m[0].trim();
			if (/^(import|export)\s+type\s/.test(line)) continue; // erased at run time
			const spec = m[1];
			if (spec.startsWith('.')) {
				const target = resolve(dirname(file), spec);
				if (target.endsWith('.ts')) queue.push(target);
				else packages.set(relative(root, target), name);
			} else packages.set(spec, name);
		}
	}
	return { files, packages };
}

describe('the mail worker’s imports', () => {
	const { files, packages } = graph('src/lib/server/mail/worker.ts');

	it('follows the graph (the walk itself works)', () => {
		expect(files).toContain('src/lib/server/mail/digest-source.ts');
		expect(files).toContain('src/lib/server/activity.ts');
		expect(packages.has('drizzle-orm')).toBe(true);
	});

	it('reaches no Tiptap, ProseMirror, SvelteKit, Svelte component or browser editor module', () => {
		const bad = [...packages.keys(), ...files].filter(
			(m) =>
				m.startsWith('@tiptap/') ||
				m.startsWith('prosemirror-') ||
				m.startsWith('@sveltejs/kit') ||
				m.endsWith('.svelte') ||
				m.startsWith('src/lib/editor/')
		);
		const via = bad.map((m) => `${m} (imported by ${packages.get(m) ?? 'a project file'})`);
		expect(via).toEqual([]);
	});

	it('does not import the comment pages’ forms', () => {
		expect([...files].filter((f) => /comment-forms|form-input/.test(f))).toEqual([]);
	});
});
