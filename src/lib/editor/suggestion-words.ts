/**
 * What suggesting mode tells a person, apart from the editor code (suggesting.ts, annotations.ts), so that the
 * page can show these words without loading the editor's ProseMirror modules before it needs them.
 */

export const REFUSED_ELSEWHERE =
	'Finish the suggestion you are making first: send it with “Suggest this change”, or discard it.';
export const REFUSED_OUTDATED = 'Discard your suggestion, then make it again on the words as they are now.';
export const REFUSED_SHAPE =
	'In suggesting mode you can change words within one paragraph or heading. New paragraphs, lists and formatting cannot be suggested.';

/**
 * What to tell the person when sending their suggestion failed: `status` is the HTTP status (0 when the
 * server could not be reached), `message` the API's error message when it gave one. The suggestion stays
 * pending in every case, so nothing typed is lost.
 */
export function sendFailure(status: number, message?: string | null): string {
	const not = 'Your suggestion was not sent';
	if (status === 0) return `${not}: the server could not be reached. Check your connection, then try again.`;
	if (status === 401)
		return `${not}: you have been signed out. Sign in again in another tab (to keep this page), then send it again.`;
	if (status === 403)
		return `${not}: you can no longer suggest changes to this document. Your role in the workspace may have changed; reload the page to see what you can do.`;
	if (status === 404) return `${not}: this document no longer exists, or you can no longer see it.`;
	if (status === 429) return `${not}: too many requests at once. Wait a moment, then try again.`;
	if ((status === 409 || status === 422) && message) return `${not}. ${message}`;
	return `${not}: the server answered with an error (${status}). Try again in a moment.`;
}
