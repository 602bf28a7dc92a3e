// What the consultation pages' forms post, as the input of the commands the API calls with the same fields.
import { text } from '../forms.ts';

/** "Open a consultation": the closing time as typed in the workspace's zone, one or two questions. */
export function readOpenForm(data: FormData) {
	return {
		title: text(data, 'title'),
		closesAt: text(data, 'closesAt'),
		audience: text(data, 'audience'),
		questions: [text(data, 'question1'), text(data, 'question2')]
	};
}

/** The answers, one field per question (`answer-0`, `answer-1`), as many as the form sent. */
export function readAnswersForm(data: FormData) {
	return { answers: [0, 1].filter((i) => data.has(`answer-${i}`)).map((i) => text(data, `answer-${i}`)) };
}

/** "Take part" on the public consultation page. */
export function readJoinForm(data: FormData) {
	return {
		name: text(data, 'name'),
		email: text(data, 'email').trim(),
		organisation: text(data, 'organisation'),
		sector: text(data, 'sector'),
		sizeBand: text(data, 'sizeBand') || undefined
	};
}
