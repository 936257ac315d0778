import { z } from 'zod'

/**
 * The hub's replies as a client reads them (docs/hub-api.md). The desktop parses every reply with
 * these schemas instead of casting, so a hub of another version or a proxy's error page becomes a
 * clear error rather than a crash deep in the sync engine. Objects are not strict: fields a newer
 * hub adds are kept or ignored, never a failure.
 */

export const HubErrorBodySchema = z.object({
  code: z.string(),
  message: z.string(),
  errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
})
export type HubErrorBody = z.output<typeof HubErrorBodySchema>

export const SignInReplySchema = z.object({
  token: z.string().min(1),
  expiresAt: z.string(),
  userId: z.string().min(1),
})
export type SignInReply = z.output<typeof SignInReplySchema>

const SubjectSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('user'), id: z.string().min(1) }),
  z.object({ kind: z.literal('api-key'), id: z.string().min(1) }),
])

const GrantResourceSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('organization'), id: z.string().min(1) }),
  z.object({ kind: z.literal('location'), id: z.string().min(1) }),
  z.object({ kind: z.literal('machine'), id: z.string().min(1) }),
])

export const HubGrantSchema = z.object({
  id: z.string().min(1),
  subject: SubjectSchema,
  role: z.enum(['owner', 'operator']),
  resource: GrantResourceSchema,
  orgId: z.string().min(1).optional(),
})
export type HubGrant = z.output<typeof HubGrantSchema>

/** `GET /v1/auth/me`: who the credentials are, a label (email or `api-key:<id>`) and the grants. */
export const MeReplySchema = z.object({
  subject: SubjectSchema,
  label: z.string(),
  grants: z.array(HubGrantSchema),
})
export type MeReply = z.output<typeof MeReplySchema>

const FeedChangeSchema = z.object({
  cursor: z.number().int().min(1),
  at: z.string(),
  kind: z.string(),
  resourceId: z.string(),
  orgId: z.string().nullable(),
  locationPath: z.array(z.string()),
  machineId: z.string().nullable(),
  op: z.enum(['create', 'update', 'delete']),
  body: z.record(z.string(), z.unknown()),
  actor: z.string(),
})
const FeedRemovalSchema = z.object({
  cursor: z.number().int().min(1),
  kind: z.string(),
  resourceId: z.string(),
  op: z.literal('delete'),
  removed: z.literal('out-of-reach'),
})

/** One row of the change feed: a change the caller may read, or a removal of what it may not. */
export const FeedEntrySchema = z.union([FeedRemovalSchema, FeedChangeSchema])
export type FeedChange = z.output<typeof FeedChangeSchema>
export type FeedRemoval = z.output<typeof FeedRemovalSchema>
export type FeedEntry = FeedChange | FeedRemoval

export const FeedPageSchema = z.object({
  changes: z.array(FeedEntrySchema),
  nextCursor: z.number().int().min(0),
  hasMore: z.boolean(),
})
export type FeedPage = z.output<typeof FeedPageSchema>

export const PUSH_STATUSES = ['applied', 'merged', 'unchanged', 'conflict', 'rejected'] as const
export type PushStatus = (typeof PUSH_STATUSES)[number]

export const PushOutcomeSchema = z.object({
  clientId: z.string(),
  seq: z.number().int(),
  status: z.enum(PUSH_STATUSES),
  revision: z.number().int().optional(),
  conflictId: z.string().optional(),
  code: z.string().optional(),
  reason: z.string().optional(),
  errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
})
export type PushOutcome = z.output<typeof PushOutcomeSchema>

export const PushReplySchema = z.object({ results: z.array(PushOutcomeSchema) })

interface PushEnvelopeWire {
  clientId: string
  seq: number
}

/**
 * One pushed edit (`POST /v1/push`), by kind (docs/hub-api.md, "Push and conflicts"). Ids of
 * machines and parts a desktop creates are made by the desktop (UUIDs).
 */
export type PushEditWire = PushEnvelopeWire &
  (
    | {
        kind: 'config'
        baseRevision: number
        target: { partId: string }
        body: { config: Record<string, unknown> }
      }
    | { kind: 'machine.create'; target: { machineId: string }; body: { locationId: string; name: string } }
    | {
        kind: 'part.create'
        target: { partId: string }
        body: { machineId: string; name: string; main: boolean }
      }
    | { kind: 'machine.rename'; target: { machineId: string }; body: { name: string; previousName?: string } }
    | { kind: 'part.rename'; target: { partId: string }; body: { name: string; previousName?: string } }
    | {
        kind: 'machine.move'
        target: { machineId: string }
        body: { locationId: string; previousLocationId?: string }
      }
  )

/** The most edits one push may carry (the hub's MAX_PUSH_EDITS). */
export const MAX_PUSH_EDITS = 200
/** The most rows one feed page may carry (the hub's MAX_FEED_LIMIT). */
export const MAX_FEED_LIMIT = 5000
