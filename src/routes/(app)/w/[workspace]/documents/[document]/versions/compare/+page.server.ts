import { error } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import { requireMember } from '$lib/server/access';
import { documentInWorkspace, getVersion } from '$lib/server/documents';
import * as shape from '$lib/server/documents/shape';
import { changesOnly, diffBlocks, diffTreeStats } from '$lib/domain/diff-tree';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params, locals, url }) => {
	const db = getDb();
	const { workspace } = requireMember(db, { user: locals.user, token: null }, params.workspace);
	const document = documentInWorkspace(db, workspace.id, params.document);
	const side = async (id: string | null) => {
		if (id === 'current') {
			const c = await shape.currentShape(document.id);
			if (!c) error(404, { message: 'Not found' });
			return { id: 'current', name: 'The current text', blocks: c.blocks, hash: c.hash };
		}
		const v = id ? getVersion(db, document.id, id) : undefined;
		if (!v) error(404, { message: 'Choose two saved versions to compare.' });
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
};
