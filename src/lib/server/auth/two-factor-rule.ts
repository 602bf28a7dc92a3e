// Who must sign in with two factors (docs/security.md): administrators, every workspace's facilitators, and the
// voting delegates of a workspace whose facilitators ask it of them. Demo accounts never must: the demo lets
// anyone in with a published password, so a second factor would guard nothing.
import { and, eq, or } from 'drizzle-orm';
import { one, type DB } from '../db/index.ts';
import { workspaceMembers, workspaces } from '../db/schema/index.ts';

export type TwoFactorSubject = { id: string; isAdmin: boolean; isDemo: boolean };

/** Why the person must use two-factor sign-in, in words, or null when it is their choice. */
export async function twoFactorReason(db: DB, user: TwoFactorSubject): Promise<string | null> {
	if (user.isDemo) return null;
	if (user.isAdmin) return 'You are an administrator.';
	const row = one(
		await db
			.select({ role: workspaceMembers.role, name: workspaces.name })
			.from(workspaceMembers)
			.innerJoin(workspaces, eq(workspaces.id, workspaceMembers.workspaceId))
			.where(
				and(
					eq(workspaceMembers.userId, user.id),
					or(
						eq(workspaceMembers.role, 'facilitator'),
						and(eq(workspaceMembers.votingDelegate, true), eq(workspaces.requireTwoFactor, true))
					)
				)
			)
			.limit(1)
	);
	if (!row) return null;
	return row.role === 'facilitator'
		? `You are a facilitator of ${row.name}.`
		: `${row.name} asks it of its voting delegates, and you are one.`;
}

/** Whether the person must use two-factor sign-in. */
export async function twoFactorRequired(db: DB, user: TwoFactorSubject): Promise<boolean> {
	return (await twoFactorReason(db, user)) !== null;
}
