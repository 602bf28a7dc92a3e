import { json } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import { actorOf, api } from '$lib/server/api';
import { personalData } from '$lib/server/account/personal-data';

/** Everything Parity holds about the caller (their own data only, whatever the token's workspaces). */
export const GET = api(async ({ locals }) => {
	return json(await personalData(getDb(), actorOf(locals)));
});
