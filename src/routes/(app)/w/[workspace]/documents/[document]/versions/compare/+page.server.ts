import { error } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import { requireMember } from '$lib/server/access';
import { currentContent, documentInWorkspace, getVersion } from '$lib/server/documents';
import { diffStats, diffWords } from '$lib/domain/diff';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params, locals, url }) => {
	const db = getDb();
	const { workspace } = await requireMember(db, { user: locals.user, token: null }, params.workspace);
	const document = await documentInWorkspace(db, workspace.id, params.document);
	const side = async (id: string | null) => {
		if (id === 'current') {
			const c = await currentContent(document.id);
			return { id: 'current', name: 'The current text', text: c.text, hash: c.hash };
		}
		const v = id ? await getVersion(db, document.id, id) : undefined;
		if (!v) error(404, { message: 'Choose two saved versions to compare.' });
		return { id: v.id, name: v.name, text: v.text, hash: v.hash };
	};
	const a = await side(url.searchParams.get('a'));
	const b = await side(url.searchParams.get('b'));
	const parts = diffWords(a.text, b.text);
	return {
		document,
		a: { name: a.name, hash: a.hash },
		b: { name: b.name, hash: b.hash },
		parts,
		stats: diffStats(parts)
	};
};
