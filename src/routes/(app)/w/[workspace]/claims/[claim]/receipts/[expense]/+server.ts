import { actorOf } from '$lib/server/api';
import { rethrowAsHttp } from '$lib/server/http/errors';
import { receipt } from '$lib/server/claims/queries';
import type { RequestHandler } from './$types';

/** A receipt, for those who may see the claim; never rendered as a page of this site (sandboxed, attachment for PDFs). */
export const GET: RequestHandler = async ({ params, locals }) => {
	const r = await receipt(actorOf(locals), params.claim, params.expense, params.workspace).catch(
		rethrowAsHttp
	);
	return new Response(new Uint8Array(r.bytes), {
		headers: {
			'content-type': r.type,
			'content-disposition': `${r.type === 'application/pdf' ? 'attachment' : 'inline'}; filename="receipt"`,
			'x-content-type-options': 'nosniff',
			'content-security-policy': "sandbox; default-src 'none'",
			'cache-control': 'private, no-store'
		}
	});
};
