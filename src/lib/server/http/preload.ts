// The live editor's modules, asked for by the document page's HTML (`<link rel="modulepreload">`): on a slow
// link the editor's code, the largest part of the page, then loads together with the page's own files instead
// of after them (docs/performance.md, "Weak connection"). The client build names them in
// `_app/editor-modules.json` (server/preload-plugin.ts); without a build (development) there are none.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** What the editor-modules file holds: the chunks of each group, largest first. */
export type EditorModules = { live: string[]; edit: string[] };

const FILE = path.join('client', '_app', 'editor-modules.json');

let found: EditorModules | null | undefined;

/**
 * Reads the build's list once: the client folder sits beside the server folder that holds this code (in
 * `server/` or `server/chunks/` of the build).
 */
function editorModules(): EditorModules | null {
	if (found !== undefined) return found;
	found = null;
	let dir = path.dirname(fileURLToPath(import.meta.url));
	for (let up = 0; up < 3; up++) {
		dir = path.dirname(dir);
		const file = path.join(dir, FILE);
		if (existsSync(file)) {
			found = JSON.parse(readFileSync(file, 'utf8')) as EditorModules;
			break;
		}
	}
	return found;
}

/** The module paths (from the site's root) of the given groups, in order. */
export function modulesFor(groups: (keyof EditorModules)[]): string[] {
	const modules = editorModules();
	if (!modules) return [];
	return groups.flatMap((g) => modules[g].map((file) => `/${file}`));
}

/**
 * The response's `Link` header with the modules first: SvelteKit names its own files there too, and the
 * browser asks for what the header names before it reads the HTML.
 */
export function linkHeaderWith(header: string | null, modules: string[]): string | null {
	if (modules.length === 0) return header;
	const ours = modules.map((m) => `<${encodeURI(m)}>; rel="modulepreload"; nopush`);
	return [...ours, ...(header ? [header] : [])].join(', ');
}

const CHARSET = '<meta charset="utf-8" />';

/**
 * The page's HTML with a `modulepreload` link for each module, right after its charset: before SvelteKit's own
 * links, so that the largest file gets one of the browser's six connections at once. Only the chunk that holds
 * the charset changes.
 */
export function withModulePreloads(html: string, modules: string[]): string {
	if (modules.length === 0 || !html.includes(CHARSET)) return html;
	const links = modules.map((m) => `\n\t\t<link rel="modulepreload" href="${encodeURI(m)}" />`).join('');
	return html.replace(CHARSET, CHARSET + links);
}
