/**
 * The workspace's navigation. Each area adds its entry here; `members: true` hides it from visitors of a public
 * workspace, `facilitator: true` shows it only to facilitators.
 */
export type NavItem = { href: string; label: string; members?: boolean; facilitator?: boolean };

export function workspaceNav(slug: string): NavItem[] {
	const base = `/w/${slug}`;
	return [
		{ href: base, label: 'Overview' },
		{ href: `${base}/documents`, label: 'Documents', members: true },
		{ href: `${base}/consultations`, label: 'Consultations', members: true },
		{ href: `${base}/votes`, label: 'Votes', members: true },
		{ href: `${base}/meetings`, label: 'Meetings' },
		{ href: `${base}/claims`, label: 'Claims', members: true },
		{ href: `${base}/decisions`, label: 'Decisions' },
		{ href: `${base}/partners`, label: 'Partners' },
		{ href: `${base}/members`, label: 'Members', members: true },
		{ href: `${base}/settings`, label: 'Settings', facilitator: true }
	];
}
