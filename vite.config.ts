import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vite';
import { parityDevPlugin } from './server/dev-plugin.ts';
import { editorModulesPlugin } from './server/preload-plugin.ts';
import { eagerModulesPlugin, inFirstChunk, inSecondChunk } from './server/eager-modules-plugin.ts';

export default defineConfig({
	plugins: [sveltekit(), parityDevPlugin(), editorModulesPlugin(), eagerModulesPlugin()],
	build: {
		rolldownOptions: {
			output: {
				codeSplitting: {
					groups: [
						// Svelte's and SvelteKit's runtime in one file that every page needs, not in a dozen small
						// ones: on a slow link each request waits its round trip for one of six connections.
						{
							name: 'runtime',
							test: /node_modules[\\/](svelte|@sveltejs[\\/]kit|devalue|clsx|esm-env)[\\/]/
						},
						// The application's own modules that pages load at once: what the document page needs, then
						// what the other pages add (server/eager-modules-plugin.ts).
						{ name: 'app', test: inFirstChunk },
						{ name: 'pages', test: inSecondChunk }
					]
				}
			}
		}
	}
});
