// Rules about documents: reading them, writing them and their named versions (consultations: consultations.ts).
import { atLeast, changing, needs, reading } from './rules.ts';

/** What the document rules look at: the document's state. */
export type DocumentSubject = { status: string };

export const documentRules = {
	'document.read': reading<DocumentSubject>(
		'Members (any role) read documents, their versions and their discussion; to anyone else a document does not exist.',
		({ member }) => !!member || 'Not found'
	),
	'document.create': changing<DocumentSubject>(
		'Editors and facilitators create documents.',
		({ member }) => atLeast(member, 'editor') || needs('editor')
	),
	'document.edit': changing<DocumentSubject>(
		'Editors and facilitators change a document’s title and text.',
		({ member }) => atLeast(member, 'editor') || needs('editor')
	),
	'document.nameVersion': changing<DocumentSubject>(
		'Editors and facilitators save a named version of a document.',
		({ member }) => atLeast(member, 'editor') || needs('editor')
	),
	'document.restoreVersion': changing<DocumentSubject>(
		'Editors and facilitators restore an earlier version (as a new edit).',
		({ member }) => atLeast(member, 'editor') || needs('editor')
	),
	'checks.dismiss': changing<DocumentSubject>(
		'Editors and facilitators dismiss a drafting-check finding, with a reason members see.',
		({ member }) => atLeast(member, 'editor') || needs('editor')
	),
	'checks.chooseSet': changing<DocumentSubject>(
		'Facilitators pick which drafting checks run on a document of kind "other".',
		({ member }) => atLeast(member, 'facilitator') || needs('facilitator')
	),
	'document.revise': changing<DocumentSubject>(
		'Facilitators start a revision of a decided document.',
		({ member }) => atLeast(member, 'facilitator') || needs('facilitator')
	)
};
