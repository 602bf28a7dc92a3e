import { defineConfig } from 'vitest/config';

// Tests run against the built server (tests/fixtures/server.ts) and plain modules, so no SvelteKit plugin here.
// Files run one at a time in one worker that keeps its modules between files (isolate: false): each file
// would otherwise import the domain, the database layer and the fixtures again, about two seconds a file on a
// 2-core machine. Every server a file starts is its own process with its own database, every browser
// context its own, and each file sets up what it uses in beforeAll.
export default defineConfig({
	test: {
		include: ['tests/**/*.test.ts'],
		testTimeout: 60_000,
		hookTimeout: 120_000,
		fileParallelism: false,
		isolate: false,
		pool: 'forks',
		// expect.poll's 1 s default is too short on a loaded 2-core machine; tests that need longer say so.
		expect: { poll: { timeout: 5_000 } }
	}
});
