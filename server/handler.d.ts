import type { IncomingMessage, ServerResponse } from 'node:http';

export const handler: (req: IncomingMessage, res: ServerResponse, next?: () => void) => void;
