import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vite';
import { parityDevPlugin } from './server/dev-plugin.ts';
import { editorModulesPlugin } from './server/preload-plugin.ts';

export default defineConfig({
	plugins: [sveltekit(), parityDevPlugin(), editorModulesPlugin()],
	build: {
		rolldownOptions: {
			output: {
				codeSplitting: {
					groups: [
						// Svelte's and SvelteKit's runtime in one file that every page needs, not in a dozen small
						// ones: on a slow link each request waits its round trip for one of six connections.
						{ name: 'runtime', test: /node_modules[\\/](svelte|@sveltejs[\\/]kit|devalue|clsx|esm-env)[\\/]/ }
					]
				}
			}
		}
	}
});
