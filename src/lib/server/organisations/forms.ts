/** Reads the organisation form (OrganisationFields.svelte) and checks it with `schema`: a create or a change. */
import type { z } from 'zod';
import { text, validateForm } from '../forms.ts';

export function readOrganisationForm<S extends z.ZodType>(schema: S, data: FormData) {
	return validateForm(
		schema,
		{ name: text(data, 'name'), sector: text(data, 'sector'), sizeBand: text(data, 'sizeBand') },
		data
	);
}
