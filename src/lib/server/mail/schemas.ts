// How often Parity emails someone about a workspace: what the API takes and answers.
import { z } from 'zod';
import { MAIL_MODES } from '../db/schema/index.ts';

const mode = z
	.enum(MAIL_MODES, { error: 'mode: one of immediate, daily, weekly, none.' })
	.meta({ description: 'Straight away, a daily or weekly digest, or never' });

/** A choice for one workspace (API body). */
export const modeInput = z.object({ mode }).strict();

// ── What the API answers ──

export const modeJson = z.strictObject({ workspaceId: z.string(), mode });

export const preferenceJson = z
	.strictObject({ workspaceId: z.string(), slug: z.string(), name: z.string(), mode })
	.meta({ id: 'MailPreference' });
