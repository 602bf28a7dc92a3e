/** Reads the organisation form (OrganisationFields.svelte) and checks it with `schema`: a create or a change. */
import type { z } from 'zod';
import { texts, validateForm } from '../forms.ts';

export function readOrganisationForm<S extends z.ZodType>(schema: S, data: FormData) {
	return validateForm(schema, texts(data, 'name', 'sector', 'sizeBand'), data);
}
