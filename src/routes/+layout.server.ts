import { redirect } from '@sveltejs/kit';
import { sql } from 'drizzle-orm';
import { getDb, one } from '$lib/server/db';
import { users } from '$lib/server/db/schema';
import { needsSetup } from '$lib/server/setup';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = async ({ locals, url }) => {
	const db = getDb();
	if (url.pathname !== '/setup' && (await needsSetup(db))) redirect(303, '/setup');
	const demo = !!one(
		await db
			.select({ n: sql<number>`1` })
			.from(users)
			.where(sql`${users.isDemo} = 1`)
			.limit(1)
	);
	return { user: locals.user, demo };
};
