import { z } from 'zod'
import { GrantResourceOutSchema, RoleSchema } from '../members/memberSchemas'

// The reply shapes of the fleet, config, sync and agent routes, each written once and used by
// every route that answers it. Besides documenting the reply in the OpenAPI document, a response
// schema is what the zod serializer encodes: a field it does not name is left out of the reply, and
// a reply that does not fit is a 500 (a bug in the hub, never sent half-right). Ids are plain
// strings here: an id schema's transform has no JSON Schema (see members/memberSchemas).

/** Every error reply: `{code, message}`, plus `errors` with each bad field's path for bad input. */
export const FieldErrorSchema = z.object({ path: z.string(), message: z.string() })
export const ErrorBodySchema = z.object({
  code: z.string(),
  message: z.string(),
  errors: z.array(FieldErrorSchema).optional(),
})

/** A reply without a body (delete, leave, sign-out). */
export const NoContent = { 204: z.null() } as const

/** A reply of raw bytes (a package version's download). */
export const OctetStreamReply = {
  200: {
    description: 'The bytes, with their sha256 in X-Content-Sha256.',
    // unknown for the type (the route sends a stream), a binary string for the document.
    content: {
      'application/octet-stream': { schema: z.unknown().meta({ type: 'string', format: 'binary' }) },
    },
  },
} as const

/** A time, as ISO 8601 in UTC. */
const Time = z.string()
/** A machine config as stored: the shared schema validated it on the way in. */
export const ConfigSchema = z.record(z.string(), z.unknown())

/** Rename replies (organization, location, machine, part, fragment): the id and its new name. */
export const NamedSchema = z.object({ id: z.string(), name: z.string() })

export const OrgViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  createdAt: Time,
  /** The caller's strongest role on the organization itself (null: only below it). */
  role: RoleSchema.nullable(),
})

export const LocationSchema = z.object({
  id: z.string(),
  orgId: z.string(),
  parentId: z.string().nullable(),
  name: z.string(),
  sharedWith: z.array(z.string()),
})
/** A location's path: its ancestors' ids root first, ending with itself. */
const PathSchema = z.array(z.string())

export const LocationListSchema = z.object({
  locations: z.array(LocationSchema.extend({ shared: z.boolean() })),
})
export const LocationDetailSchema = LocationSchema.extend({ path: PathSchema, supportAccess: z.boolean() })
export const LocationCreatedSchema = LocationSchema.omit({ sharedWith: true }).extend({ path: PathSchema })
export const LocationMovedSchema = z.object({
  id: z.string(),
  parentId: z.string().nullable(),
  path: PathSchema,
})
export const LocationShareSchema = z.object({ locationId: z.string(), orgId: z.string() })
export const SupportAccessSchema = z.object({ locationId: z.string(), supportAccess: z.boolean() })

export const PartViewSchema = z.object({
  id: z.string(),
  machineId: z.string(),
  name: z.string(),
  isMain: z.boolean(),
  revision: z.number().int(),
})
const MachineSchema = z.object({ id: z.string(), locationId: z.string(), name: z.string() })
export const MachineListSchema = z.object({ machines: z.array(MachineSchema) })
export const MachineCreatedSchema = MachineSchema.extend({ parts: z.array(PartViewSchema) })
export const MachineDetailSchema = MachineCreatedSchema.extend({
  restartRequestedAt: Time.nullable(),
  /** The machine tabs the caller's role shows. */
  tabs: z.array(z.enum(['control', 'configure', 'logs', 'history', 'connect'])),
})
export const RestartSchema = z.object({ id: z.string(), restartRequestedAt: Time })
export const MainPartSchema = z.object({ id: z.string(), machineId: z.string(), isMain: z.boolean() })
export const PartSecretSchema = z.object({ partId: z.string(), secret: z.string() })

const RevisionSourceSchema = z.enum(['hub', 'desktop', 'agent', 'revert', 'fixture', 'merged'])
/** A config revision; `config` only where the route says it carries it. */
export const RevisionSchema = z.object({
  partId: z.string(),
  revision: z.number().int(),
  author: z.string(),
  source: RevisionSourceSchema,
  parents: z.array(z.number().int()),
  revertedFrom: z.number().int().nullable(),
  createdAt: Time,
  config: ConfigSchema.optional(),
})
export const RevisionListSchema = z.object({ revisions: z.array(RevisionSchema) })
/** The head config; a part never saved answers revision 0 with nulls. */
export const HeadConfigSchema = RevisionSchema.extend({
  author: z.string().nullable(),
  source: RevisionSourceSchema.nullable(),
  createdAt: Time.nullable(),
  revertedFrom: z.number().int().nullable().optional(),
  config: ConfigSchema,
})
export const EffectiveConfigSchema = z.object({
  partId: z.string(),
  revision: z.number().int(),
  ok: z.boolean(),
  config: ConfigSchema.optional(),
  /** Each resource's source: 'machine' or the fragment it came from. */
  sources: z.record(z.string(), z.string()).optional(),
  errors: z.array(FieldErrorSchema).optional(),
})

export const FragmentViewSchema = z.object({
  id: z.string(),
  orgId: z.string(),
  name: z.string(),
  revision: z.number().int(),
  createdAt: Time,
})
export const FragmentListSchema = z.object({ fragments: z.array(FragmentViewSchema) })
export const FragmentDetailSchema = FragmentViewSchema.extend({ config: ConfigSchema })
const FragmentRevisionSchema = z.object({ revision: z.number().int(), author: z.string(), createdAt: Time })
export const FragmentRevisionListSchema = z.object({ revisions: z.array(FragmentRevisionSchema) })
export const FragmentRevisionDetailSchema = FragmentRevisionSchema.extend({
  fragmentId: z.string(),
  config: ConfigSchema,
})
export const FragmentSavedSchema = z.object({ id: z.string(), revision: z.number().int() })

const SubjectSchema = z.object({ kind: z.enum(['user', 'api-key']), id: z.string() })
export const MeSchema = z.object({
  subject: SubjectSchema,
  label: z.string(),
  grants: z.array(
    z.object({
      id: z.string(),
      subject: SubjectSchema,
      role: RoleSchema,
      resource: GrantResourceOutSchema,
      orgId: z.string().optional(),
    }),
  ),
})

/** The hub's public signing keys (JWK, Ed25519), for agents to verify part tokens offline. */
export const KeySetSchema = z.object({ keys: z.array(z.record(z.string(), z.unknown())) })
export const PartTokenSchema = z.object({
  token: z.string(),
  partId: z.string(),
  role: RoleSchema,
  kid: z.string(),
  expiresAt: Time,
})

/** What an agent runs: its part's effective config, with an etag over it. */
export const AgentConfigSchema = z.object({
  revision: z.number().int(),
  etag: z.string(),
  ok: z.boolean(),
  config: ConfigSchema.optional(),
  errors: z.array(FieldErrorSchema).optional(),
})
export const AgentStatusSchema = z.object({
  partId: z.string(),
  /** False until the part's agent first reports; the other fields come with the first report. */
  reported: z.boolean(),
  version: z.string().optional(),
  uptimeSeconds: z.number().optional(),
  configRevision: z.number().int().optional(),
  resources: z.unknown().optional(),
  reportedAt: Time.optional(),
})

const ChangeOpSchema = z.enum(['create', 'update', 'delete'])
const FeedEntrySchema = z.union([
  z.object({
    cursor: z.number().int(),
    at: Time,
    kind: z.string(),
    resourceId: z.string(),
    orgId: z.string().nullable(),
    locationPath: z.array(z.string()),
    machineId: z.string().nullable(),
    op: ChangeOpSchema,
    body: z.record(z.string(), z.unknown()),
    actor: z.string(),
  }),
  /** What left the caller's reach: the client drops it. */
  z.object({
    cursor: z.number().int(),
    kind: z.string(),
    resourceId: z.string(),
    op: z.literal('delete'),
    removed: z.literal('out-of-reach'),
  }),
])
export const FeedPageSchema = z.object({
  changes: z.array(FeedEntrySchema),
  nextCursor: z.number().int(),
  hasMore: z.boolean(),
})
/** Server-sent events: `event: cursor` with `data: {"cursor": N}` whenever changes commit. */
export const EventStreamReply = {
  200: {
    description: 'A text/event-stream of nudges, each naming the newest cursor.',
    content: { 'text/event-stream': { schema: z.string() } },
  },
} as const

export const PushReplySchema = z.object({
  results: z.array(
    z.object({
      clientId: z.string(),
      seq: z.number().int(),
      status: z.enum(['applied', 'merged', 'unchanged', 'conflict', 'rejected']),
      revision: z.number().int().optional(),
      conflictId: z.string().optional(),
      code: z.string().optional(),
      reason: z.string().optional(),
      errors: z.array(FieldErrorSchema).optional(),
    }),
  ),
})
export const ConflictSchema = z.object({
  id: z.string(),
  partId: z.string(),
  status: z.enum(['open', 'resolved']),
  baseRevision: z.number().int(),
  headRevision: z.number().int(),
  base: z.unknown(),
  head: z.unknown(),
  edit: z.unknown(),
  merged: z.unknown(),
  conflicts: z.unknown(),
  author: z.string(),
  createdAt: Time,
  resolvedRevision: z.number().int().nullable(),
  resolvedBy: z.string().nullable(),
  resolvedAt: Time.nullable(),
})
export const ConflictListSchema = z.object({ conflicts: z.array(ConflictSchema) })
export const ResolvedSchema = RevisionSchema.extend({ conflictId: z.string() })
