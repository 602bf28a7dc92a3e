import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

// PARITY_BUILD_OUT lets parallel builds (for example several test runs) use their own folders.
const out = process.env.PARITY_BUILD_OUT ?? 'build';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	kit: {
		adapter: adapter({ out }),
		outDir: out === 'build' ? '.svelte-kit' : `${out}-kit`,
		alias: {
			'#lib/*': './src/lib/*'
		},
		// Content-Security-Policy of every page (docs/architecture.md): scripts from this site only, inline ones
		// only with the nonce SvelteKit puts on each response (hashes for prerendered pages).
		csp: {
			mode: 'auto',
			directives: {
				'default-src': ['self'],
				'script-src': ['self'],
				'style-src': ['self'],
				// Style attributes cannot run script; the pages and the editor's carets and decorations use them.
				'style-src-attr': ['unsafe-inline'],
				'img-src': ['self', 'data:'],
				'font-src': ['self'],
				// 'self' covers the same-origin WebSocket of live editing (ws: and wss:).
				'connect-src': ['self'],
				'object-src': ['none'],
				'frame-ancestors': ['none'],
				'base-uri': ['self'],
				'form-action': ['self']
			}
		}
	}
};

export default config;
