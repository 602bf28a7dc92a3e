import { redirect } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import { needsSetup } from '$lib/server/setup';
import { hasDemoUsers } from '$lib/server/users';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = async ({ locals, url }) => {
	const db = getDb();
	if (url.pathname !== '/setup' && (await needsSetup(db))) redirect(303, '/setup');
	return { user: locals.user, demo: await hasDemoUsers(db) };
};
