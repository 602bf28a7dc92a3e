// drizzle-kit reads the PostgreSQL tables from here (drizzle.pg.config.ts): each one an export of its own.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- drizzle-kit loads its schema with require()
module.exports = require('./src/lib/server/db/schema-pg.ts').pgSchema;
