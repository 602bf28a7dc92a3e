// How the document's tables are configured, shared by the server's schema and the live editor's.
export const TABLE_OPTIONS = { table: { resizable: false } } as const;
