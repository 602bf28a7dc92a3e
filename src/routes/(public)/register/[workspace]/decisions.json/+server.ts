import { download } from '$lib/server/register-public';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = (event) => download(event, 'json');
