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
		}
	}
};

export default config;
