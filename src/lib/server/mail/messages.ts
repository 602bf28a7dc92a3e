/**
 * The messages people ask for or are sent by someone else: invitations, password resets and consultation email
 * confirmations (their wording).
 */
import type { DB } from '../db/index.ts';
import { formatDateTime } from '../../domain/time.ts';
import { mailConfig } from './config.ts';
import { enqueue } from './queue.ts';
import { renderMail } from './render.ts';
import { unsubscribePaths, unsubscribeToken } from './unsubscribe.ts';

export async function sendInvitationMail(
	db: DB,
	input: {
		email: string;
		token: string;
		workspaceId: string;
		workspaceName: string;
		inviterName: string;
		role: string;
		organisationName: string | null;
		expiresAt: number;
		timeZone: string;
	}
): Promise<string | null> {
	const config = mailConfig();
	const link = `${config.origin}/invite/${input.token}`;
	const paths = unsubscribePaths(await unsubscribeToken(db, { kind: 'address', email: input.email }));
	const unsub = config.origin + paths.oneClick;
	const page = config.origin + paths.page;
	const mail = renderMail({
		subject: `${input.inviterName} invited you to ${input.workspaceName} on Parity`,
		intro: [
			'Hello,',
			`${input.inviterName} invited you to join ${input.workspaceName} on Parity as ${/^[aeiou]/i.test(input.role) ? 'an' : 'a'} ${input.role}${input.organisationName ? `, acting for ${input.organisationName}` : ''}.`,
			'Parity is where the partnership drafts policies together, comments, votes and records its decisions in the open.'
		],
		action: { label: 'Accept the invitation', url: link },
		outro: [`The link works once, until ${formatDateTime(input.expiresAt, input.timeZone)}.`],
		footer:
			'You get this because someone in the partnership entered your address. If you were not expecting it, you can ignore it.',
		unsubscribeUrl: page
	});
	return await enqueue(db, {
		to: input.email,
		workspaceId: input.workspaceId,
		kind: 'invitation',
		...mail,
		unsubscribeUrl: unsub
	});
}

/** The message with a password-reset link (the lifecycle of the link is auth/password-reset.ts). */
export async function sendPasswordResetMail(
	db: DB,
	user: { id: string; name: string; email: string },
	token: string,
	now: number
): Promise<void> {
	const config = mailConfig();
	const mail = renderMail({
		subject: 'Reset your Parity password',
		intro: [
			`Hello ${user.name},`,
			'Someone (we hope you) asked to reset the password for your Parity account.'
		],
		action: { label: 'Choose a new password', url: `${config.origin}/reset/${token}` },
		outro: [
			'The link works once, for 30 minutes. Choosing a new password signs you out everywhere else.',
			'If you did not ask for this, ignore this message: your password stays as it is.'
		],
		footer: 'You get this because a password reset was asked for on the Parity sign-in page.'
	});
	await enqueue(db, { to: user.email, userId: user.id, kind: 'password_reset', ...mail }, now);
}

/**
 * Tells a person their account is deleted, at the address it had (queued in the deletion's transaction, before
 * the address is forgotten; the worker clears the body once it is sent).
 */
export async function sendAccountDeletedMail(
	db: DB,
	user: { name: string; email: string },
	workspaces: string[],
	now: number
): Promise<void> {
	const mail = renderMail({
		subject: 'Your Parity account is deleted',
		intro: [
			`Hello ${user.name},`,
			'As you asked, your Parity account is deleted. You are signed out everywhere and your access tokens no longer work.',
			workspaces.length
				? `What you wrote in ${workspaces.join(', ')} stays, shown as by a former member of the organisation you acted for. Your name is removed from the published decision registers.`
				: 'Your name is removed from the published decision registers.',
			'You can be invited again, or sign up again, with this address as a new person.'
		],
		footer: 'You get this because your Parity account was deleted from its settings page or through the API.'
	});
	await enqueue(db, { to: user.email, kind: 'account', ...mail }, now);
}

/** Tells a person an administrator reset their two-factor sign-in, and why. */
export async function sendTwoFactorResetMail(
	db: DB,
	user: { id: string; name: string; email: string },
	/** `adminName`: who reset it, as the message opens ("Ada Okoye", "The operator of your Parity server"). */
	reset: { adminName: string; reason: string },
	now: number
): Promise<void> {
	const config = mailConfig();
	const mail = renderMail({
		subject: 'Your Parity two-factor sign-in was reset',
		intro: [
			`Hello ${user.name},`,
			`${reset.adminName} removed the authenticator app and recovery codes from your Parity account, and you were signed out everywhere.`,
			`The reason they gave: ${reset.reason}`
		],
		action: { label: 'Sign in', url: `${config.origin}/login` },
		outro: [
			'If you must use two-factor sign-in, Parity asks you to set it up again when you next sign in; otherwise you can turn it on again in your settings.',
			'If you did not ask for this, tell your administrator straight away and change your password.'
		],
		footer: 'You get this because it is about the security of your account.'
	});
	await enqueue(db, { to: user.email, userId: user.id, kind: 'security', ...mail }, now);
}

/** The one-time link that confirms the email of a person who responded through a public consultation link. */
export async function sendConsultationConfirmMail(
	db: DB,
	guest: { email: string; name: string },
	consultation: { title: string; closesAt: number },
	timeZone: string,
	code: string
): Promise<void> {
	const config = mailConfig();
	const input = { ...guest, ...consultation, timeZone, code };
	const mail = renderMail({
		subject: `Confirm your email for “${input.title}”`,
		intro: [
			`Hello ${input.name},`,
			`Thank you for taking part in the consultation “${input.title}” on Parity. Please confirm that this is your email address: until you do, what you send is shown to the organisers as unconfirmed.`
		],
		action: { label: 'Confirm my email', url: `${config.origin}/consult/confirm/${input.code}` },
		outro: [
			`The link works once. The consultation closes ${formatDateTime(input.closesAt, input.timeZone)} (${input.timeZone}).`,
			'Your name and email are deleted 12 months after the close; what you said stays, under your organisation’s name.'
		],
		footer:
			'You get this because this address was given on a public consultation page. If that was not you, ignore this message.'
	});
	await enqueue(db, { to: input.email, kind: 'consultation', ...mail });
}
