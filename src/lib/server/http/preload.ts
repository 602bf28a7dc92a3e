// The live editor's modules (and style sheets), asked for by the document page's HTML and its Link header
// (`<link rel="modulepreload">`): on a slow
// link the editor's code, the largest part of the page, then loads together with the page's own files instead
// of after them (docs/performance.md, "Weak connection"). The client build names them in
// `_app/editor-modules.json` (server/preload-plugin.ts); without a build (development) there are none.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** What the editor-modules file holds: for each group, its chunks (largest first) and style sheets. */
type EditorModules = Record<'live' | 'edit', { js: string[]; css: string[] }>;

/** A file to ask for early: a module, or a style sheet. */
export type Preload = { href: string; as: 'module' | 'style' };

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

/** The files of the given groups (paths from the site's root): modules first, then style sheets. */
export function preloadsFor(groups: (keyof EditorModules)[]): Preload[] {
	const modules = editorModules();
	if (!modules) return [];
	const all = (as: Preload['as'], key: 'js' | 'css') =>
		groups.flatMap((g) => modules[g][key].map((file) => ({ href: `/${file}`, as })));
	return [...all('module', 'js'), ...all('style', 'css')];
}

const rel = (p: Preload) => (p.as === 'module' ? 'rel="modulepreload"' : 'rel="preload"; as="style"');
const attributes = (p: Preload) => (p.as === 'module' ? 'rel="modulepreload"' : 'rel="preload" as="style"');

/**
 * The response's `Link` header with the modules first: SvelteKit names its own files there too, and the
 * browser asks for what the header names before it reads the HTML.
 */
export function linkHeaderWith(header: string | null, preloads: Preload[]): string | null {
	if (preloads.length === 0) return header;
	const ours = preloads.map((p) => `<${encodeURI(p.href)}>; ${rel(p)}; nopush`);
	return [...ours, ...(header ? [header] : [])].join(', ');
}

const CHARSET = '<meta charset="utf-8" />';

/**
 * The page's HTML with a preload link for each file, right after its charset: before SvelteKit's own links,
 * so that the largest file gets one of the browser's six connections at once. Only the chunk that holds the
 * charset changes.
 */
export function withPreloads(html: string, preloads: Preload[]): string {
	if (preloads.length === 0 || !html.includes(CHARSET)) return html;
	const links = preloads.map((p) => `\n\t\t<link ${attributes(p)} href="${encodeURI(p.href)}" />`).join('');
	return html.replace(CHARSET, CHARSET + links);
}
