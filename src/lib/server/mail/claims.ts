/**
 * Claim emails: the claimant hears of each change of their claim's status (queried, approved, rejected, paid),
 * approvers hear when one is submitted or a query answered, and weekly while any is overdue. No amounts or
 * personal details beyond the claim's meeting go in the message: the link opens the claim for those who may see it.
 */
import type { DB } from '../db/index.ts';
import { mailConfig } from './config.ts';
import { enqueue } from './queue.ts';
import { renderMail } from './render.ts';
import { unsubscribePaths, unsubscribeToken } from './unsubscribe.ts';

export type ClaimChange = 'submitted' | 'answered' | 'queried' | 'approved' | 'rejected' | 'paid';

const SUBJECT: Record<ClaimChange, string> = {
	submitted: 'A claim to approve',
	answered: 'A query on a claim was answered',
	queried: 'A question about your claim',
	approved: 'Your claim was approved',
	rejected: 'Your claim was not approved',
	paid: 'Your claim was paid'
};

const LEAD: Record<ClaimChange, (meeting: string) => string> = {
	submitted: (m) => `A claim for ${m} was submitted and waits for approval.`,
	answered: (m) => `The claimant answered your question about their claim for ${m}.`,
	queried: (m) => `An approver has a question about your claim for ${m}. Answer it on the claim's page.`,
	approved: (m) => `Your claim for ${m} was approved; it will be paid.`,
	rejected: (m) => `Your claim for ${m} was not approved. The reason is on the claim's page.`,
	paid: (m) => `Your claim for ${m} was marked paid.`
};

type Person = { id: string; email: string; name: string };
type Workspace = { id: string; slug: string; name: string };

/** Queues one message to each person, with their own unsubscribe links; `content` words it for them. */
async function mailEach(
	db: DB,
	workspace: Workspace,
	to: Person[],
	content: (person: Person) => Omit<Parameters<typeof renderMail>[0], 'unsubscribeUrl'>,
	now: number
): Promise<void> {
	const config = mailConfig();
	for (const person of to) {
		const paths = unsubscribePaths(await unsubscribeToken(db, { kind: 'address', email: person.email }));
		const mail = renderMail({ ...content(person), unsubscribeUrl: config.origin + paths.page });
		await enqueue(
			db,
			{
				to: person.email,
				userId: person.id,
				workspaceId: workspace.id,
				kind: 'claim',
				...mail,
				unsubscribeUrl: config.origin + paths.oneClick
			},
			now
		);
	}
}

/** Queues one message per recipient about a claim's change of status. */
export async function sendClaimMail(
	db: DB,
	m: { change: ClaimChange; claimId: string; meetingTitle: string; workspace: Workspace; to: Person[] },
	now = Date.now()
): Promise<void> {
	// The claim's own page: it opens for a guest claimant too, who has no place in the workspace.
	const url = `${mailConfig().origin}/claims/${m.claimId}`;
	await mailEach(
		db,
		m.workspace,
		m.to,
		(person) => ({
			subject: `${SUBJECT[m.change]}: ${m.meetingTitle}`,
			intro: [`Hello ${person.name},`, LEAD[m.change](m.meetingTitle)],
			action: { label: 'Open the claim', url },
			footer: `You get this because you have a claim in ${m.workspace.name}, or approve its claims.`
		}),
		now
	);
}

/** The weekly message to approvers while claims are overdue. */
export async function sendOverdueMail(
	db: DB,
	m: { workspace: Workspace; overdue: number; to: Person[] },
	now = Date.now()
): Promise<void> {
	const url = `${mailConfig().origin}/w/${m.workspace.slug}/claims?show=overdue`;
	const many = m.overdue === 1 ? '1 claim is' : `${m.overdue} claims are`;
	await mailEach(
		db,
		m.workspace,
		m.to,
		(person) => ({
			subject: `${many} overdue in ${m.workspace.name}`,
			intro: [
				`Hello ${person.name},`,
				`${many} not paid within the partnership's payment timescale. People are waiting for their money.`
			],
			action: { label: 'See the overdue claims', url },
			footer: `You get this weekly while claims are overdue, because you approve claims in ${m.workspace.name}.`
		}),
		now
	);
}
