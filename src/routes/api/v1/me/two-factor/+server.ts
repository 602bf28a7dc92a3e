import { json } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import { actorOf, api } from '$lib/server/api';
import { requireUser } from '$lib/server/access';
import { twoFactorStatus } from '$lib/server/auth/two-factor';
import { isoUtc } from '$lib/domain/time';

export const GET = api(async ({ locals }) => {
	const user = requireUser(actorOf(locals));
	const status = await twoFactorStatus(getDb(), user);
	return json({ ...status, enabledAt: status.enabledAt === null ? null : isoUtc(status.enabledAt) });
});
