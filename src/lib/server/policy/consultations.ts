// Rules about consultations on a document: opening one, its public links, answering its questions. Reading a
// consultation follows its document (`document.read`); a person who joined through a public link is not a
// member: their link and cookie let them write in that consultation only (consultations/links.ts).
import { atLeast, changing, needs, reading } from './rules.ts';
import type { DocumentSubject } from './documents.ts';

/** A consultation, as the rules need it. */
type ConsultationSubject = { audience: string };

export const consultationRules = {
	'consultation.open': changing<DocumentSubject>(
		'Facilitators open a consultation on a document that is not decided (that is refused as a conflict): a closing time, an audience (members, or also anyone with a public link) and one or two questions.',
		({ member }) => atLeast(member, 'facilitator') || needs('facilitator')
	),
	'consultation.changeClose': changing<ConsultationSubject>(
		'Facilitators extend an open consultation or close it early, giving a reason that is shown with it.',
		({ member }) => atLeast(member, 'facilitator') || needs('facilitator')
	),
	'consultation.seeLinks': reading<ConsultationSubject>(
		'Facilitators see a consultation’s public links: when each was made, how often it was used, whether it was withdrawn.',
		({ member }) => atLeast(member, 'facilitator') || needs('facilitator')
	),
	'consultation.manageLinks': changing<ConsultationSubject>(
		'Facilitators make a new public link and withdraw one (it then grants nothing, to new and returning people alike).',
		({ member }) => atLeast(member, 'facilitator') || needs('facilitator')
	),
	'consultation.respond': changing<ConsultationSubject>(
		'Commenters and above answer a consultation’s questions while it is open (answering again replaces their answers).',
		({ member }) => atLeast(member, 'commenter') || needs('commenter')
	)
};
