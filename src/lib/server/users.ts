import { eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { DB } from './db/index.ts';
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

export function countUsers(db: DB): number {
	return db
		.select({ n: sql<number>`count(*)` })
		.from(users)
		.get()!.n;
}

export function findUserByEmail(db: DB, email: string): User | undefined {
	return db.select().from(users).where(eq(users.email, email.trim().toLowerCase())).get();
}

export function getUser(db: DB, id: string): User | undefined {
	return db.select().from(users).where(eq(users.id, id)).get();
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
	insertUser(db, user);
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
	if (findUserByEmail(db, email.data))
		throw new UserInputError('An account with this email address already exists.', 'email');
	const passwordHash = await hashPassword(input.password);
	const user: User = {
		id: newId(),
		email: email.data,
		name: name.data,
		passwordHash,
		isAdmin: input.isAdmin ?? false,
		isDemo: input.isDemo ?? false,
		createdAt: Date.now()
	};
	return user;
}

export function insertUser(db: DB, user: User): void {
	try {
		db.insert(users).values(user).run();
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
	const user = getUser(db, userId);
	if (!user) throw new UserInputError('No such user.', 'email');
	const weak = passwordProblem(password, { email: user.email });
	if (weak) throw new UserInputError(weak, 'password');
	const passwordHash = await hashPassword(password);
	db.$client
		.transaction(() => {
			db.update(users).set({ passwordHash }).where(eq(users.id, userId)).run();
			invalidateUserSessions(db, userId, keepSessionId);
		})
		.immediate();
}
