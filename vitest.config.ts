import { defineConfig } from 'vitest/config';

// Tests run against the built server (tests/fixtures/server.ts) and plain modules, so no SvelteKit plugin here.
// Files run one at a time. Unit files share one module graph (they hold no server, database or browser, so
// importing the domain once instead of once per file saves most of their time); every integration and
// browser file gets its own.
const shared = {
	testTimeout: 60_000,
	hookTimeout: 120_000,
	// expect.poll's 1 s default is too short on a loaded 2-core machine; tests that need longer say so.
	expect: { poll: { timeout: 5_000 } }
};

export default defineConfig({
	test: {
		fileParallelism: false,
		pool: 'forks',
		projects: [
			{ test: { ...shared, name: 'unit', include: ['tests/unit/**/*.test.ts'], isolate: false } },
			{ test: { ...shared, name: 'server', include: ['tests/{integration,e2e}/**/*.test.ts'] } }
		]
	}
});
