// Rules about the discussion of a document: comment threads and suggestions.
import { atLeast, changing, needs } from './rules.ts';
import type { DocumentSubject } from './documents.ts';

/** A comment, for the rules about one's own comments. */
export type CommentSubject = { authorId: string | null };

export const commentRules = {
	'comment.create': changing<DocumentSubject>(
		'Commenters and above open threads and reply (@mentioning members).',
		({ member }) => atLeast(member, 'commenter') || needs('commenter')
	),
	'comment.resolve': changing<DocumentSubject>(
		'Commenters and above resolve a thread and open it again.',
		({ member }) => atLeast(member, 'commenter') || needs('commenter')
	),
	'comment.changeOwn': changing<CommentSubject>(
		'Commenters and above edit or delete their own comments (earlier wordings are kept), no one else’s.',
		({ actor, member, subject }) => {
			if (!atLeast(member, 'commenter')) return needs('commenter');
			return (!!actor.user && subject.authorId === actor.user.id) || 'You can only change your own comments.';
		}
	),
	'suggestion.create': changing<DocumentSubject>(
		'Commenters and above suggest changes to the text.',
		({ member }) => atLeast(member, 'commenter') || needs('commenter')
	),
	'suggestion.decide': changing<DocumentSubject>(
		'Editors and facilitators accept or reject suggestions.',
		({ member }) => atLeast(member, 'editor') || needs('editor')
	)
};
