import { env } from '$env/dynamic/private';
import type { PageServerLoad } from './$types';

/** Whom people write to about accessibility: the operator's address when it gave one (ACCESSIBILITY_CONTACT). */
export const load: PageServerLoad = () => {
	const contact = env.ACCESSIBILITY_CONTACT?.trim();
	return { contact: contact && /^[^\s@]+@[^\s@]+$/.test(contact) ? contact : null };
};
