import { errors, idParam, json, ref, type HandWritten } from './index.ts';

const dateTime = { type: 'string', format: 'date-time' };
const nullableDateTime = { type: ['string', 'null'], format: 'date-time' };
const role = { type: 'string', enum: ['facilitator', 'editor', 'commenter', 'observer'] };
const standing = {
	type: 'string',
	enum: ['representative', 'participant'],
	description:
		'representative: mandated to speak for a sector or network; participant: taking part for their own organisation. Never changes a weight.'
};
const sector = { type: 'string', enum: ['vcse', 'statutory'] };
const sizeBand = { type: 'string', enum: ['micro', 'small', 'medium', 'large', 'major'] };
const workspaceIdParam = {
	...idParam(),
	description: 'Workspace id or slug'
};
const list = (key: string, item: unknown) => ({
	type: 'object',
	required: [key],
	properties: { [key]: { type: 'array', items: item } }
});
/** Errors every body-taking endpoint can give. */
const bodyErrors = [400, 401, 403, 404, 415, 422];

const workspaceFields = {
	name: { type: 'string', minLength: 3, maxLength: 120 },
	description: { type: 'string', maxLength: 2000 },
	visibility: {
		type: 'string',
		enum: ['private', 'public'],
		description: 'private: invisible (404) to non-members'
	},
	timeZone: {
		type: 'string',
		description: 'IANA time zone in which times are typed and shown',
		example: 'Europe/London'
	}
};
const organisationFields = {
	name: { type: 'string', minLength: 2, maxLength: 160 },
	sector,
	sizeBand
};
const memberFields = {
	role,
	organisationId: {
		type: ['string', 'null'],
		description: 'The partner organisation the member acts for (required for every role but facilitator)'
	},
	standing,
	votingDelegate: {
		type: 'boolean',
		description: 'Casts the organisation’s ballot in votes; needs an organisation; not for observers'
	}
};
const personRef = {
	email: { type: 'string', format: 'email' },
	userId: { type: 'string' }
};
const eitherPerson = {
	oneOf: [{ required: ['email'] }, { required: ['userId'] }],
	description: 'Name the person by exactly one of email or userId; they must have an account.'
};

export const schemas = {
	Me: {
		type: 'object',
		properties: {
			id: { type: 'string' },
			email: { type: 'string' },
			name: { type: 'string' },
			isAdmin: { type: 'boolean' },
			token: {
				oneOf: [
					{
						type: 'object',
						properties: {
							id: { type: 'string' },
							name: { type: 'string' },
							scope: { type: 'string', enum: ['read', 'write'] },
							workspaceIds: { type: ['array', 'null'], items: { type: 'string' } }
						}
					},
					{ type: 'null' }
				],
				description: 'The access token in use, or null with a session cookie'
			},
			organisations: {
				type: 'array',
				items: {
					type: 'object',
					properties: { id: { type: 'string' }, name: { type: 'string' }, sector }
				}
			},
			workspaces: {
				type: 'array',
				items: {
					type: 'object',
					properties: {
						id: { type: 'string' },
						slug: { type: 'string' },
						name: { type: 'string' },
						role
					}
				}
			}
		}
	},
	Token: {
		type: 'object',
		properties: {
			id: { type: 'string' },
			name: { type: 'string' },
			scope: { type: 'string', enum: ['read', 'write'] },
			workspaceIds: {
				type: ['array', 'null'],
				items: { type: 'string' },
				description: 'null: every workspace of the user'
			},
			expiresAt: nullableDateTime,
			lastUsedAt: nullableDateTime,
			createdAt: dateTime
		}
	},
	TokenInput: {
		type: 'object',
		required: ['name', 'scope'],
		additionalProperties: false,
		properties: {
			name: { type: 'string', minLength: 1, maxLength: 80 },
			scope: { type: 'string', enum: ['read', 'write'] },
			workspaceIds: {
				type: ['array', 'null'],
				items: { type: 'string' },
				minItems: 1,
				maxItems: 100,
				description: 'Limit the token to these workspaces (ones you belong to); null or omitted for all'
			},
			expiresAt: { ...nullableDateTime, description: 'In the future; null or omitted: never expires' }
		}
	},
	NewToken: {
		type: 'object',
		properties: {
			id: { type: 'string' },
			name: { type: 'string' },
			scope: { type: 'string', enum: ['read', 'write'] },
			workspaceIds: { type: ['array', 'null'], items: { type: 'string' } },
			expiresAt: nullableDateTime,
			token: {
				type: 'string',
				example: 'parity_pat_…',
				description: 'The secret, shown this once only (stored as SHA-256)'
			}
		}
	},
	Organisation: {
		type: 'object',
		properties: {
			id: { type: 'string' },
			...organisationFields,
			verified: {
				type: 'boolean',
				description:
					'Verified organisations are the directory every signed-in user sees. Organisations created by anyone but an administrator start unverified: they are seen by administrators, their members, the facilitators of the workspace they came from and the members of workspaces where they are partners.'
			},
			originWorkspaceId: {
				type: ['string', 'null'],
				description:
					'The workspace it came from (created there by a facilitator, or by a consultation respondent); an unverified organisation may be a partner only there'
			},
			mergedIntoId: {
				type: ['string', 'null'],
				description: 'Set when an administrator merged this duplicate into another organisation'
			},
			isDemo: { type: 'boolean' },
			createdAt: dateTime,
			mine: { type: 'boolean', description: 'Whether you are a member of it' }
		}
	},
	OrganisationCreate: {
		type: 'object',
		required: ['name', 'sector', 'sizeBand'],
		additionalProperties: false,
		properties: {
			...organisationFields,
			workspaceId: {
				type: 'string',
				description:
					'A workspace you facilitate: the organisation comes from it and may be a partner (and vote) there before an administrator verifies it'
			}
		}
	},
	OrganisationMember: {
		type: 'object',
		properties: {
			id: { type: 'string' },
			name: { type: 'string' },
			email: { type: 'string', description: 'Shown to the organisation’s members and administrators only' },
			addedAt: dateTime,
			addedByName: {
				type: ['string', 'null'],
				description: 'Who added them; null for its creator and for memberships older than this rule'
			}
		}
	},
	OrganisationInput: {
		type: 'object',
		required: ['name', 'sector', 'sizeBand'],
		additionalProperties: false,
		properties: organisationFields
	},
	OrganisationPatch: { type: 'object', additionalProperties: false, properties: organisationFields },
	Person: {
		type: 'object',
		properties: { id: { type: 'string' }, name: { type: 'string' }, email: { type: 'string' } }
	},
	PersonRef: {
		type: 'object',
		additionalProperties: false,
		properties: personRef,
		...eitherPerson
	},
	Workspace: {
		type: 'object',
		properties: {
			id: { type: 'string' },
			slug: { type: 'string', description: 'URL name: /w/<slug>' },
			...workspaceFields,
			isDemo: { type: 'boolean' },
			createdAt: dateTime,
			role: {
				type: ['string', 'null'],
				enum: [...role.enum, null],
				description: 'Your role; null for a visitor'
			}
		}
	},
	WorkspaceDetail: {
		allOf: [
			ref('Workspace'),
			{
				type: 'object',
				properties: {
					membership: {
						oneOf: [
							{
								type: 'object',
								properties: {
									role,
									organisationId: { type: ['string', 'null'] },
									standing,
									votingDelegate: { type: 'boolean' }
								}
							},
							{ type: 'null' }
						]
					}
				}
			}
		]
	},
	WorkspaceInput: {
		type: 'object',
		required: ['name'],
		additionalProperties: false,
		properties: {
			...workspaceFields,
			visibility: { ...workspaceFields.visibility, default: 'private' },
			timeZone: { ...workspaceFields.timeZone, default: 'Europe/London' }
		}
	},
	WorkspacePatch: { type: 'object', additionalProperties: false, properties: workspaceFields },
	Partner: {
		type: 'object',
		properties: {
			organisationId: { type: 'string' },
			name: { type: 'string' },
			sector: {
				...sector,
				description:
					'The chamber it votes in here: this workspace’s record, copied when it was added and changed only by its facilitators'
			},
			sizeBand: { ...sizeBand, description: 'This workspace’s record' },
			verified: { type: 'boolean', description: 'Whether the organisation is in the verified directory' },
			eligible: {
				type: 'boolean',
				description: 'Whether it counts in votes here: verified, or created for this workspace'
			},
			grassroots: { type: 'boolean', description: 'Confirmed by the facilitators (VCSE only)' },
			byAndFor: { type: 'boolean', description: 'Confirmed by the facilitators (VCSE only)' },
			confirmed: {
				type: 'boolean',
				description: 'False while the record is the copy made on upgrade and no facilitator has confirmed it'
			},
			recordedBy: { type: ['string', 'null'], description: 'Who last set or confirmed the record' },
			recordedByName: { type: ['string', 'null'] },
			recordedAt: dateTime,
			pending: {
				oneOf: [{ type: 'object', properties: { sector, sizeBand } }, { type: 'null' }],
				description:
					'The organisation’s own sector or size band where they differ from this record and were not dismissed: confirm or dismiss with PATCH'
			}
		}
	},
	PartnerInput: {
		type: 'object',
		required: ['organisationId'],
		additionalProperties: false,
		properties: {
			organisationId: {
				type: 'string',
				description:
					'A verified organisation, or one created for this workspace (its chamber and size band are copied)'
			},
			grassroots: { type: 'boolean', default: false, description: 'Ignored for statutory partners' },
			byAndFor: { type: 'boolean', default: false, description: 'Ignored for statutory partners' }
		}
	},
	PartnerPatch: {
		type: 'object',
		additionalProperties: false,
		description:
			'Equity flags apply to VCSE partners only (422 when set on a statutory one); moving a partner to the statutory chamber clears them. `confirm` or `dismiss` cannot be combined with `sector` or `sizeBand`.',
		properties: {
			grassroots: { type: 'boolean' },
			byAndFor: { type: 'boolean' },
			sector: { ...sector, description: 'The chamber it votes in here' },
			sizeBand,
			confirm: {
				type: 'boolean',
				enum: [true],
				description:
					'Take the differences the organisation’s own details show (`pending`) and confirm a record copied on upgrade'
			},
			dismiss: {
				type: 'boolean',
				enum: [true],
				description: 'Keep this workspace’s record and stop showing the organisation’s current differences'
			}
		}
	},
	Member: {
		type: 'object',
		properties: {
			userId: { type: 'string' },
			name: { type: 'string' },
			email: { type: 'string', description: 'Shown to facilitators only' },
			...memberFields,
			organisationName: { type: ['string', 'null'] },
			isDemo: { type: 'boolean' }
		}
	},
	MemberInput: {
		type: 'object',
		required: ['role'],
		additionalProperties: false,
		properties: {
			...personRef,
			...memberFields,
			standing: { ...standing, default: 'participant' },
			votingDelegate: { ...memberFields.votingDelegate, default: false }
		},
		...eitherPerson
	},
	MemberPatch: {
		type: 'object',
		additionalProperties: false,
		description: 'A workspace keeps at least one facilitator (422 otherwise)',
		properties: memberFields
	},
	Invitation: {
		type: 'object',
		properties: {
			id: { type: 'string' },
			workspaceId: { type: 'string' },
			email: { type: 'string' },
			role,
			organisationId: { type: ['string', 'null'] },
			organisationName: { type: ['string', 'null'] },
			standing,
			votingDelegate: { type: 'boolean' },
			status: { type: 'string', enum: ['pending', 'accepted', 'revoked', 'expired'] },
			invitedBy: { type: ['string', 'null'] },
			createdAt: dateTime,
			expiresAt: dateTime,
			acceptedAt: nullableDateTime,
			acceptedBy: { type: ['string', 'null'] },
			revokedAt: nullableDateTime
		}
	},
	InvitationInput: {
		type: 'object',
		required: ['email', 'role'],
		additionalProperties: false,
		properties: {
			email: { type: 'string', format: 'email' },
			...memberFields,
			organisationId: { ...memberFields.organisationId, default: null },
			standing: { ...standing, default: 'participant' },
			votingDelegate: { ...memberFields.votingDelegate, default: false },
			expiresInDays: { type: 'integer', minimum: 1, maximum: 60, default: 14 }
		}
	}
};

export const paths = {
	'/me': {
		get: {
			summary: 'Who you are: your account, the token in use, your organisations and workspaces',
			tags: ['account'],
			responses: { '200': { description: 'You', ...json(ref('Me')) }, ...errors(401) }
		}
	},
	'/tokens': {
		get: {
			summary: 'Your personal access tokens that are not revoked (needs a session, not a token)',
			tags: ['account'],
			responses: {
				'200': { description: 'Tokens', ...json(list('tokens', ref('Token'))) },
				...errors(401, 403)
			}
		},
		post: {
			summary: 'Create a personal access token (needs a session); the secret is in the answer only',
			tags: ['account'],
			requestBody: { required: true, ...json(ref('TokenInput')) },
			responses: {
				'201': { description: 'Created', ...json(ref('NewToken')) },
				...errors(400, 401, 403, 415, 422)
			}
		}
	},
	'/tokens/{id}': {
		parameters: [idParam()],
		delete: {
			summary: 'Revoke one of your tokens (needs a session)',
			tags: ['account'],
			responses: { '204': { description: 'Revoked' }, ...errors(401, 403, 404) }
		}
	},
	'/organisations': {
		get: {
			summary:
				'The organisations you may see: the verified directory, your own, and unverified ones you may see',
			description:
				'With a token limited to some workspaces: only the partners of those workspaces, read-only.',
			tags: ['organisations'],
			responses: {
				'200': { description: 'Organisations', ...json(list('organisations', ref('Organisation'))) },
				...errors(401)
			}
		},
		post: {
			summary: 'Create an organisation; you become its first member',
			description:
				'An administrator’s is verified at once; anyone else’s waits for an administrator. A token limited to some workspaces cannot create one (403).',
			tags: ['organisations'],
			requestBody: { required: true, ...json(ref('OrganisationCreate')) },
			responses: {
				'201': { description: 'Created', ...json(ref('Organisation')) },
				...errors(400, 401, 403, 415, 422)
			}
		}
	},
	'/organisations/{id}': {
		parameters: [idParam()],
		get: {
			summary: 'Read an organisation',
			tags: ['organisations'],
			responses: {
				'200': { description: 'The organisation', ...json(ref('Organisation')) },
				...errors(401, 404)
			}
		},
		patch: {
			summary: 'Change an organisation (its members, or an administrator)',
			description:
				'Changes no workspace’s record of it as a partner: each shows its facilitators the difference to confirm or dismiss. Acting for an organisation in a workspace gives no right to change it.',
			tags: ['organisations'],
			requestBody: { required: true, ...json(ref('OrganisationPatch')) },
			responses: {
				'200': { description: 'Updated', ...json(ref('Organisation')) },
				...errors(...bodyErrors)
			}
		}
	},
	'/organisations/{id}/members': {
		parameters: [idParam()],
		get: {
			summary: 'The organisation’s members (its members, or an administrator)',
			tags: ['organisations'],
			responses: {
				'200': { description: 'Members', ...json(list('members', ref('OrganisationMember'))) },
				...errors(401, 403, 404)
			}
		},
		post: {
			summary:
				'Add someone you already work with in a workspace to the organisation (its members; an administrator may add anyone with an account)',
			tags: ['organisations'],
			requestBody: { required: true, ...json(ref('PersonRef')) },
			responses: {
				'201': { description: 'Added', ...json(ref('Person')) },
				...errors(...bodyErrors, 409)
			}
		}
	},
	'/organisations/{id}/verify': {
		parameters: [idParam()],
		post: {
			summary: 'Verify an organisation for the directory (administrators)',
			tags: ['organisations'],
			responses: {
				'200': { description: 'Verified', ...json(ref('Organisation')) },
				...errors(401, 403, 404, 409)
			}
		}
	},
	'/organisations/{id}/merge': {
		parameters: [idParam()],
		post: {
			summary: 'Merge this duplicate into another organisation (administrators)',
			description:
				'Partnerships (with each workspace’s record), the people acting for it, invitations, consultation responses and members move; ballots, decisions, dissents and actions keep naming it as recorded. 409 while it is in the electorate of an open vote.',
			tags: ['organisations'],
			requestBody: {
				required: true,
				...json({
					type: 'object',
					required: ['into'],
					additionalProperties: false,
					properties: { into: { type: 'string', description: 'The organisation to keep' } }
				})
			},
			responses: {
				'200': { description: 'The organisation kept', ...json(ref('Organisation')) },
				...errors(...bodyErrors, 409)
			}
		}
	},
	'/organisations/{id}/members/{userId}': {
		parameters: [idParam(), idParam('userId')],
		delete: {
			summary: 'Remove someone from the organisation (its members, or an administrator)',
			tags: ['organisations'],
			responses: { '204': { description: 'Removed' }, ...errors(401, 403, 404) }
		}
	},
	'/workspaces': {
		get: {
			summary: 'Your workspaces (within the token’s workspace list), each with your role',
			tags: ['workspaces'],
			responses: {
				'200': { description: 'Workspaces', ...json(list('workspaces', ref('Workspace'))) },
				...errors(401)
			}
		},
		post: {
			summary: 'Create a workspace; you become its first facilitator',
			description: 'A token limited to named workspaces cannot create one (403).',
			tags: ['workspaces'],
			requestBody: { required: true, ...json(ref('WorkspaceInput')) },
			responses: {
				'201': { description: 'Created', ...json(ref('Workspace')) },
				...errors(400, 401, 403, 415, 422)
			}
		}
	},
	'/workspaces/{id}': {
		parameters: [workspaceIdParam],
		get: {
			summary: 'Read a workspace (members; anyone for a public workspace)',
			tags: ['workspaces'],
			responses: {
				'200': { description: 'The workspace', ...json(ref('WorkspaceDetail')) },
				...errors(404)
			}
		},
		patch: {
			summary: 'Change name, description, visibility or time zone (facilitators)',
			tags: ['workspaces'],
			requestBody: { required: true, ...json(ref('WorkspacePatch')) },
			responses: {
				'200': { description: 'Updated', ...json(ref('WorkspaceDetail')) },
				...errors(...bodyErrors)
			}
		}
	},
	'/workspaces/{id}/partners': {
		parameters: [workspaceIdParam],
		get: {
			summary:
				'Partner organisations (the electorate of votes) with this workspace’s record of each: chamber, size band, equity flags, who set them and when',
			tags: ['workspaces'],
			responses: {
				'200': { description: 'Partners', ...json(list('partners', ref('Partner'))) },
				...errors(404)
			}
		},
		post: {
			summary:
				'Add a verified organisation, or one created for this workspace, as a partner (facilitators); its chamber and size band are copied into the workspace’s record',
			tags: ['workspaces'],
			requestBody: { required: true, ...json(ref('PartnerInput')) },
			responses: {
				'201': { description: 'Added', ...json(ref('Partner')) },
				...errors(...bodyErrors, 409)
			}
		}
	},
	'/workspaces/{id}/partners/{organisationId}': {
		parameters: [workspaceIdParam, idParam('organisationId')],
		patch: {
			summary:
				'Change the workspace’s record of a partner: chamber, size band, equity flags, or confirm or dismiss the organisation’s own changes (facilitators)',
			tags: ['workspaces'],
			requestBody: { required: true, ...json(ref('PartnerPatch')) },
			responses: {
				'200': { description: 'Updated', ...json(ref('Partner')) },
				...errors(...bodyErrors)
			}
		},
		delete: {
			summary:
				'Remove a partner (facilitators); its members then act for no organisation and lose delegate status',
			tags: ['workspaces'],
			responses: { '204': { description: 'Removed' }, ...errors(401, 403, 404) }
		}
	},
	'/workspaces/{id}/members': {
		parameters: [workspaceIdParam],
		get: {
			summary: 'Members with role, organisation, standing and delegate status (members only)',
			description: 'Email addresses are included for facilitators only.',
			tags: ['workspaces'],
			responses: {
				'200': { description: 'Members', ...json(list('members', ref('Member'))) },
				...errors(401, 403, 404)
			}
		},
		post: {
			summary:
				'Add someone you already work with in another workspace (facilitators; an administrator may add anyone with an account); invite everyone else',
			tags: ['workspaces'],
			requestBody: { required: true, ...json(ref('MemberInput')) },
			responses: {
				'201': { description: 'Added', ...json(ref('Member')) },
				...errors(...bodyErrors, 409)
			}
		}
	},
	'/workspaces/{id}/members/{userId}': {
		parameters: [workspaceIdParam, idParam('userId')],
		patch: {
			summary: 'Change a member’s role, organisation, standing or delegate status (facilitators)',
			description: 'Takes effect on the next request; open editing sockets re-check at once.',
			tags: ['workspaces'],
			requestBody: { required: true, ...json(ref('MemberPatch')) },
			responses: {
				'200': { description: 'Updated', ...json(ref('Member')) },
				...errors(...bodyErrors)
			}
		},
		delete: {
			summary: 'Remove a member (facilitators); the last facilitator cannot be removed',
			tags: ['workspaces'],
			responses: { '204': { description: 'Removed' }, ...errors(401, 403, 404, 422) }
		}
	},
	'/workspaces/{id}/invitations': {
		parameters: [workspaceIdParam],
		get: {
			summary: 'Invitations and their status, without links (facilitators)',
			tags: ['workspaces'],
			responses: {
				'200': { description: 'Invitations', ...json(list('invitations', ref('Invitation'))) },
				...errors(401, 403, 404)
			}
		},
		post: {
			summary: 'Invite an email address with a role and organisation (facilitators)',
			description:
				'The answer holds the invitation link, shown this once: send it to the person. It works once, until it expires or is revoked.',
			tags: ['workspaces'],
			requestBody: { required: true, ...json(ref('InvitationInput')) },
			responses: {
				'201': {
					description: 'Created',
					...json({
						type: 'object',
						required: ['invitation', 'link'],
						properties: {
							invitation: ref('Invitation'),
							link: { type: 'string', format: 'uri', example: 'https://parity.example.org/invite/…' }
						}
					})
				},
				...errors(...bodyErrors, 409)
			}
		}
	},
	'/invitations/{id}': {
		parameters: [idParam()],
		delete: {
			summary: 'Revoke a pending invitation (facilitators of its workspace)',
			tags: ['workspaces'],
			responses: {
				'204': { description: 'Revoked' },
				...errors(401, 403, 404, 409)
			}
		}
	}
} satisfies HandWritten['paths'];
