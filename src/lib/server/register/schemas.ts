/** What the register's commands accept. */
import { z } from 'zod';

export const redactionInput = z
	.object({
		person: z.string().min(1, 'Name the person (a key from GET …/register/redactions).'),
		reason: z.string().trim().min(1, 'Give the reason (for example "lawful erasure request").').max(500)
	})
	.strict();
export type RedactionInput = z.infer<typeof redactionInput>;
