import { redirect } from '@sveltejs/kit';
import { actorOf } from '$lib/server/api';
import { restoreVersion } from '$lib/server/documents/commands';
import { documentInWorkspace, mayOn } from '$lib/server/documents/queries';
import { getVersion } from '$lib/server/documents/repository';
import { getDb } from '$lib/server/db';
import { NotFound } from '$lib/server/errors';
import * as shape from '$lib/server/documents/shape';
import { formCommand } from '$lib/server/forms';
import { page } from '$lib/server/http/errors';
import type { Actions, PageServerLoadEvent } from './$types';

export const load = page(async ({ params, locals }: PageServerLoadEvent) => {
	const actor = actorOf(locals);
	const { document, member } = await documentInWorkspace(actor, params.workspace, params.document);
	const version = await getVersion(getDb(), document.id, params.version);
	if (!version) throw new NotFound();
	const { state: _state, ...rest } = version;
	// A decided document is read-only until a facilitator starts a revision: no restore.
	return {
		document,
		version: rest,
		blocks: shape.versionBlocks(version),
		canWrite: mayOn(actor, 'document.restoreVersion', member, document) && document.status !== 'decided'
	};
});

export const actions: Actions = {
	restore: page(async ({ params, locals, request }) => {
		const actor = actorOf(locals);
		const { document, workspace } = await documentInWorkspace(actor, params.workspace, params.document);
		const r = await formCommand(await request.formData(), () =>
			restoreVersion(actor, document.id, params.version)
		);
		if (!r.ok) return r.failure;
		redirect(303, `/w/${workspace.slug}/documents/${document.id}`);
	})
};
