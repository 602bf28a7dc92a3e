// The form behind "answer the consultation's questions", on the members' comment page and the public
// consultation page. The caller checks who is acting before calling it.
import { z } from 'zod';
import type { DB } from '../db/index.ts';
import * as consultations from '../consultations.ts';
import { formCommand, formFailure, text } from '../forms.ts';

const answersSchema = z.array(z.string().max(10_000, 'An answer is at most 10 000 characters.'));

export async function respondForm(
	db: DB,
	document: { id: string },
	data: FormData,
	who: Parameters<typeof consultations.respond>[2]
) {
	const c = await consultations.getConsultation(db, text(data, 'consultationId'));
	const refuse = (message: string) => formFailure(400, message, data, { 'answer-0': message });
	if (!c || c.documentId !== document.id) return refuse('That consultation does not exist.');
	const answers = answersSchema.safeParse(c.questions.map((_, i) => text(data, `answer-${i}`).trim()));
	if (!answers.success) return refuse(answers.error.issues[0].message);
	const r = await formCommand(data, () => consultations.respond(db, c, who, answers.data));
	return r.ok ? { success: 'Your answers were recorded. Thank you.' } : r.failure;
}
