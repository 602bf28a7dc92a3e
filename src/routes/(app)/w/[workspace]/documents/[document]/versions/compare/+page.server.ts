import { actorOf } from '$lib/server/api';
import { documentInWorkspace } from '$lib/server/documents/queries';
import { getVersion } from '$lib/server/documents/repository';
import { getDb } from '$lib/server/db';
import { NotFound } from '$lib/server/errors';
import { page } from '$lib/server/http/errors';
import * as shape from '$lib/server/documents/shape';
import { changesOnly, diffBlocks, diffTreeStats } from '$lib/domain/diff-tree';
import type { PageServerLoadEvent } from './$types';

export const load = page(async ({ params, locals, url }: PageServerLoadEvent) => {
	const { document } = await documentInWorkspace(actorOf(locals), params.workspace, params.document);
	const side = async (id: string | null) => {
		if (id === 'current') {
			const c = await shape.currentShape(document.id);
			if (!c) throw new NotFound();
			return { id: 'current', name: 'The current text', blocks: c.blocks, hash: c.hash };
		}
		const v = id ? await getVersion(getDb(), document.id, id) : undefined;
		if (!v) throw new NotFound('Choose two saved versions to compare.');
		return { id: v.id, name: v.name, blocks: shape.versionBlocks(v), hash: v.hash };
	};
	const a = await side(url.searchParams.get('a'));
	const b = await side(url.searchParams.get('b'));
	const diff = diffBlocks(a.blocks, b.blocks);
	// The whole text with its changes marked, or (view=changes) the changed parts only: a link, so it works
	// without JavaScript.
	const only = url.searchParams.get('view') === 'changes';
	return {
		document,
		a: { id: a.id, name: a.name, hash: a.hash },
		b: { id: b.id, name: b.name, hash: b.hash },
		diff: only ? changesOnly(diff) : diff,
		changesOnly: only,
		stats: diffTreeStats(diff)
	};
});
