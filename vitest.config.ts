import { defineConfig } from 'vitest/config';

// Tests run against the built server (tests/fixtures/server.ts) and plain modules, so no SvelteKit plugin here.
export default defineConfig({
	test: {
		include: ['tests/**/*.test.ts'],
		testTimeout: 60_000,
		hookTimeout: 120_000,
		fileParallelism: false,
		pool: 'forks',
		// expect.poll's 1 s default is too short on a loaded 2-core machine; tests that need longer say so.
		expect: { poll: { timeout: 5_000 } }
	}
});
