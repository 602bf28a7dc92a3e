import { defineConfig } from 'drizzle-kit';

// PostgreSQL's migrations, written from the tables src/lib/server/db/schema-pg.ts derives from the SQLite ones.
export default defineConfig({
	dialect: 'postgresql',
	schema: './drizzle-pg.kit.cjs',
	out: './drizzle-pg'
});
