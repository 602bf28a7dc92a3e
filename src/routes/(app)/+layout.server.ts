import { redirect } from '@sveltejs/kit';
import type { LayoutServerLoad } from './$types';

/** Workspace and organisation pages: public workspaces may be read by visitors; everything else needs an account. */
export const load: LayoutServerLoad = ({ locals, url }) => {
	const publicAllowed = url.pathname.startsWith('/w/') && url.pathname !== '/w/new';
	if (!locals.user && !publicAllowed)
		redirect(303, `/login?next=${encodeURIComponent(url.pathname + url.search)}`);
	return {};
};
