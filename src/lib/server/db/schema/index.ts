export * from './auth.ts';
export * from './workspaces.ts';
export * from './documents.ts';
export * from './collab.ts';
export * from './votes.ts';
export * from './register.ts';
export * from './comments.ts';
export * from './mail.ts';
