import { getDb } from '$lib/server/db';
import { page } from '$lib/server/http/errors';
import { actorOf } from '$lib/server/api';
import { requireRole } from '$lib/server/workspaces/access';
import {
	checkSettings,
	chooseCheckSet,
	configureCheck,
	otherDocumentCheckSets
} from '$lib/server/checks/commands';
import { checkbox, formCommand, formFailure, text } from '$lib/server/forms';
import { CHECK_BY_ID, CHECKS, DEFAULT_CONFIG, FAMILIES, FAMILY_NAMES } from '$lib/domain/checks';
import type { Actions, PageServerLoadEvent } from './$types';

/**
 * Facilitators: turn drafting checks off with a reason, or set their numbers; pick the checks for documents of
 * kind `other`.
 */
export const load = page(async ({ params, locals }: PageServerLoadEvent) => {
	await requireRole(getDb(), actorOf(locals), params.workspace, 'facilitator');
	const settings = await checkSettings(actorOf(locals), params.workspace);
	return {
		checks: CHECKS.map((c) => ({
			id: c.id,
			family: c.family,
			severity: c.severity,
			name: c.name,
			setting: c.setting ?? null,
			value: c.setting ? settings.config[c.setting.key] : null,
			byDefault: c.setting ? DEFAULT_CONFIG[c.setting.key] : null,
			off: settings.off.find((o) => o.check === c.id)?.reason ?? null
		})),
		families: FAMILIES,
		familyNames: FAMILY_NAMES,
		others: await otherDocumentCheckSets(actorOf(locals), params.workspace)
	};
});

export const actions: Actions = {
	configure: async ({ params, locals, request }) => {
		const data = await request.formData();
		const check = text(data, 'check');
		const info = CHECK_BY_ID[check];
		if (!info) return formFailure(400, 'Choose a check.', data);
		const raw = text(data, 'value').trim();
		const value = info.setting && raw !== '' ? Number(raw) : null;
		if (value !== null && !Number.isFinite(value))
			return formFailure(400, `${info.setting!.label}: enter a number.`, data, { value: 'Enter a number.' });
		const off = checkbox(data, 'off');
		const r = await formCommand(data, () =>
			configureCheck(actorOf(locals), params.workspace, {
				check,
				off,
				reason: text(data, 'reason').trim() || undefined,
				value
			})
		);
		return r.ok
			? {
					success: `${check} ${off ? 'is turned off' : 'is on'}${value !== null ? `, set to ${value}` : ''}.`
				}
			: r.failure;
	},
	checkSet: async ({ params, locals, request }) => {
		const data = await request.formData();
		const families = FAMILIES.filter((f) => checkbox(data, `family-${f}`));
		const r = await formCommand(data, () =>
			chooseCheckSet(actorOf(locals), text(data, 'document'), { families }, params.workspace)
		);
		return r.ok
			? {
					success: families.length
						? `The checks for “${text(data, 'title')}” are set.`
						: `No checks run on “${text(data, 'title')}”.`
				}
			: r.failure;
	}
};
