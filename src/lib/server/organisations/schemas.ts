// What an organisation's forms and API calls may send.
import { z } from 'zod';
import { SECTORS, SIZE_BANDS } from '../db/schema/index.ts';

export const organisationInput = z
	.object({
		name: z
			.string({ error: 'Enter the organisation’s name.' })
			.trim()
			.min(2, 'Enter the organisation’s name.')
			.max(160, 'Use at most 160 characters.'),
		sector: z.enum(SECTORS, { error: 'Choose VCSE or statutory.' }),
		sizeBand: z.enum(SIZE_BANDS, { error: 'Choose a size band.' })
	})
	.strict();

export const organisationPatch = organisationInput.partial().strict();
