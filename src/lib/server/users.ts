import { eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { one, transaction, type DB } from './db/index.ts';
import { newId } from './db/ids.ts';
import { users } from './db/schema/index.ts';
import { hashPassword, passwordProblem } from './auth/password.ts';
import { invalidateUserSessions } from './auth/session.ts';

export const emailSchema = z
	.string({ error: 'Enter an email address.' })
	.trim()
	.toLowerCase()
	.min(1, 'Enter an email address.')
	.max(254, 'That email address is too long.')
	.pipe(z.email({ error: 'Enter a valid email address, like name@example.org.' }));

export const nameSchema = z
	.string({ error: 'Enter a name.' })
	.trim()
	.min(1, 'Enter a name.')
	.max(120, 'Use at most 120 characters for the name.');

export type User = typeof users.$inferSelect;

/**
 * The password hash of an account made through single sign-on, which has no password: no password matches
 * it (verifying it fails), and "Forgot your password?" can give it one.
 */
export const NO_PASSWORD = '';

export function hasPassword(user: Pick<User, 'passwordHash'>): boolean {
	return user.passwordHash !== NO_PASSWORD;
}

export async function countUsers(db: DB): Promise<number> {
	return one(
		await db
			.select({ n: sql<number>`count(*)` })
			.from(users)
			.limit(1)
	)!.n;
}

/** Whether the demonstration data is loaded (its people are marked), for the banner on every page. */
export async function hasDemoUsers(db: DB): Promise<boolean> {
	return !!one(
		await db
			.select({ n: sql<number>`1` })
			.from(users)
			.where(eq(users.isDemo, true))
			.limit(1)
	);
}

export async function findUserByEmail(db: DB, email: string): Promise<User | undefined> {
	return one(await db.select().from(users).where(eq(users.email, email.trim().toLowerCase())).limit(1));
}

export async function getUser(db: DB, id: string): Promise<User | undefined> {
	return one(await db.select().from(users).where(eq(users.id, id)).limit(1));
}

export class UserInputError extends Error {
	readonly field: string;
	constructor(message: string, field: string) {
		super(message);
		this.field = field;
	}
}

/** Validates and creates a user. Throws UserInputError with a message for the field at fault. */
export async function createUser(
	db: DB,
	input: { email: string; name: string; password: string; isAdmin?: boolean; isDemo?: boolean }
): Promise<User> {
	const user = await prepareUser(db, input);
	await insertUser(db, user);
	return user;
}

/** Validates a new user and hashes the password, without writing (so the insert can join a transaction). */
export async function prepareUser(
	db: DB,
	input: { email: string; name: string; password: string; isAdmin?: boolean; isDemo?: boolean }
): Promise<User> {
	const email = emailSchema.safeParse(input.email);
	if (!email.success) throw new UserInputError(email.error.issues[0].message, 'email');
	const name = nameSchema.safeParse(input.name);
	if (!name.success) throw new UserInputError(name.error.issues[0].message, 'name');
	const weak = passwordProblem(input.password, { email: email.data });
	if (weak) throw new UserInputError(weak, 'password');
	if (await findUserByEmail(db, email.data))
		throw new UserInputError('An account with this email address already exists.', 'email');
	const passwordHash = await hashPassword(input.password);
	const user: User = {
		id: newId(),
		email: email.data,
		name: name.data,
		passwordHash,
		isAdmin: input.isAdmin ?? false,
		isDemo: input.isDemo ?? false,
		createdAt: Date.now(),
		disabledAt: null
	};
	return user;
}

export async function insertUser(db: DB, user: User): Promise<void> {
	try {
		await db.insert(users).values(user);
	} catch (e) {
		if (String((e as Error).message).includes('UNIQUE'))
			throw new UserInputError('An account with this email address already exists.', 'email');
		throw e;
	}
}

/** Sets a new password and ends the user's other sessions (all of them when `keepSessionId` is not given). */
export async function setPassword(
	db: DB,
	userId: string,
	password: string,
	keepSessionId?: string
): Promise<void> {
	const user = await getUser(db, userId);
	if (!user) throw new UserInputError('No such user.', 'email');
	const weak = passwordProblem(password, { email: user.email });
	if (weak) throw new UserInputError(weak, 'password');
	const passwordHash = await hashPassword(password);
	await transaction(db, async () => {
		await db.update(users).set({ passwordHash }).where(eq(users.id, userId));
		await invalidateUserSessions(db, userId, keepSessionId);
	});
}
