import { actorOf } from '$lib/server/api';
import { currentContent } from '$lib/server/documents/content';
import { documentInWorkspace } from '$lib/server/documents/queries';
import { getVersion } from '$lib/server/documents/repository';
import { getDb } from '$lib/server/db';
import { NotFound } from '$lib/server/errors';
import { page } from '$lib/server/http/errors';
import { diffStats, diffWords } from '$lib/domain/diff';
import type { PageServerLoadEvent } from './$types';

export const load = page(async ({ params, locals, url }: PageServerLoadEvent) => {
	const { document } = await documentInWorkspace(actorOf(locals), params.workspace, params.document);
	const side = async (id: string | null) => {
		if (id === 'current') {
			const c = await currentContent(document.id);
			return { id: 'current', name: 'The current text', text: c.text, hash: c.hash };
		}
		const v = id ? await getVersion(getDb(), document.id, id) : undefined;
		if (!v) throw new NotFound('Choose two saved versions to compare.');
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
});
