import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vite';
import { parityDevPlugin } from './server/dev-plugin.ts';
import { editorModulesPlugin } from './server/preload-plugin.ts';

export default defineConfig({
	plugins: [sveltekit(), parityDevPlugin(), editorModulesPlugin()]
});
