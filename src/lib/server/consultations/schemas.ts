// What a consultation command accepts: opening one, joining through a public link, answering its questions.
// The API and the pages send the same fields (the closing time as typed in the workspace's zone).
import { z } from 'zod';
import { SECTORS, SIZE_BANDS } from '../db/schema/index.ts';

export const MAX_ANSWER = 10_000;

export const openInput = z
	.object({
		title: z.string().trim().max(200).optional(),
		closesAt: z.string().trim().min(1, 'Give a closing date and time.'),
		audience: z.enum(['members', 'public'], { error: 'Choose the audience: members, or public.' }),
		questions: z
			.array(z.string().trim().max(1000, 'A question is at most 1000 characters.'))
			.transform((qs) => qs.filter((q) => q.length > 0))
			.refine((qs) => qs.length >= 1 && qs.length <= 2, 'Ask one or two questions.')
	})
	.strict();
export type OpenInput = z.infer<typeof openInput>;

export const joinInput = z
	.object({
		name: z.string().trim().min(1, 'Give your name.').max(200, 'The name is too long.'),
		email: z.email({ error: 'Give a valid email address.' }).max(320),
		organisation: z
			.string()
			.trim()
			.min(1, 'Give the name of your organisation (or "individual").')
			.max(200, 'The organisation name is too long.'),
		sector: z.enum(SECTORS, { error: 'Choose VCSE or statutory.' }),
		sizeBand: z.enum(SIZE_BANDS).default('micro')
	})
	.strict();
export type JoinInput = z.infer<typeof joinInput>;

export const responseInput = z
	.object({
		answers: z
			.array(z.string().trim().max(MAX_ANSWER, 'An answer is at most 10 000 characters.'))
			.min(1)
			.max(2)
	})
	.strict();
