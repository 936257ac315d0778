import { z } from 'zod'
import type { MachineConfig } from '../../shared/config/machineConfigSchema'
import type { RevisionSource } from '../../shared/domain/model'
import type { FragmentId, LocationId, MachineId, OrgId, PartId } from '../../shared/ids'
import type { FeedChange, FeedEntry, FeedRemoval } from '../../shared/sync/hubWire'
import type { SyncOp } from '../cache/SyncOp'

/**
 * What one row of the hub's change feed does to the cache. Pure: a row in, cache operations out,
 * so every kind of row, removal and malformed body is tested without a hub or a cache.
 *
 * Bodies are parsed per kind with small schemas (what docs/hub-api.md and the hub's routes write);
 * a body that does not parse is skipped with its reason rather than half applied, and a kind this
 * desktop does not know is skipped too (a newer hub may add kinds; the cursor passes them).
 */
export interface FeedRowPlan {
  ops: SyncOp[]
  /** The row may change the caller's own grants: ask the hub who we are again. */
  refreshIdentity: boolean
  /** Why nothing was done with the row, when nothing was (for the log and the tests). */
  skipped: string | null
}

const Id = z.string().min(1)
const Name = z.string()
const Config = z.record(z.string(), z.unknown())

const OrgBody = z.object({ id: Id, name: Name.optional() })
const LocationBody = z.object({
  id: Id,
  orgId: Id.optional(),
  parentId: Id.nullable().optional(),
  name: Name.optional(),
})
const ShareBody = z.object({ locationId: Id, orgId: Id })
const MachineBody = z.object({ id: Id, locationId: Id.optional(), name: Name.optional() })
const PartBody = z.object({
  id: Id,
  machineId: Id.optional(),
  name: Name.optional(),
  isMain: z.boolean().optional(),
})
const RevisionBody = z.object({
  partId: Id,
  revision: z.number().int().min(1),
  author: z.string(),
  source: z.string(),
  createdAt: z.string(),
  config: Config,
})
const ConflictBody = z.object({
  id: Id,
  partId: Id,
  status: z.enum(['open', 'resolved']),
  baseRevision: z.number().int().optional(),
  headRevision: z.number().int().optional(),
  author: z.string().optional(),
  conflicts: z.array(z.object({ pathText: z.string() })).optional(),
  resolvedRevision: z.number().int().nullable().optional(),
})
const FragmentBody = z.object({
  id: Id,
  orgId: Id.optional(),
  name: Name.optional(),
  revision: z.number().int().min(0).optional(),
  config: Config.optional(),
})

const KNOWN_SOURCES: ReadonlySet<string> = new Set<RevisionSource>([
  'hub',
  'desktop',
  'agent',
  'revert',
  'fixture',
  'merged',
])

/** Kinds that say nothing the cache holds (invites, packages, usage, ...). */
const IGNORED_KINDS: ReadonlySet<string> = new Set([
  'invite',
  'package',
  'package-version',
  'user',
  'log-retention',
  'support-access',
])

/** Kinds whose rows may be about the caller's own access. */
const IDENTITY_KINDS: ReadonlySet<string> = new Set(['grant', 'member', 'api-key'])

const plan = (ops: SyncOp[], refreshIdentity = false): FeedRowPlan => ({
  ops,
  refreshIdentity,
  skipped: null,
})
const skip = (why: string): FeedRowPlan => ({ ops: [], refreshIdentity: false, skipped: why })

export function planFeedRow(entry: FeedEntry): FeedRowPlan {
  return 'removed' in entry ? planRemoval(entry) : planChange(entry)
}

/** A row the caller may not read: whatever the cache holds of that resource goes. */
function planRemoval(entry: FeedRemoval): FeedRowPlan {
  const id = entry.resourceId
  switch (entry.kind) {
    case 'organization':
      return plan([{ op: 'remove', what: 'org', id }])
    case 'location':
      return plan([{ op: 'remove', what: 'location', id }])
    case 'machine':
      return plan([{ op: 'remove', what: 'machine', id }])
    case 'part':
      return plan([{ op: 'remove', what: 'part', id }])
    // Configs are behind CONFIGURE: an operator keeps the machine but not its history.
    case 'config-revision':
      return plan([{ op: 'dropConfigs', partId: id as PartId }])
    case 'config-conflict':
      return plan([{ op: 'remove', what: 'conflict', id }])
    case 'fragment':
    case 'fragment-revision':
      return plan([{ op: 'remove', what: 'fragment', id }])
    default:
      if (IDENTITY_KINDS.has(entry.kind)) return plan([], true)
      return skip(`nothing cached for a removed ${entry.kind}`)
  }
}

function planChange(entry: FeedChange): FeedRowPlan {
  if (IDENTITY_KINDS.has(entry.kind)) return plan([], true)
  if (IGNORED_KINDS.has(entry.kind)) return skip(`the cache keeps no ${entry.kind}`)
  switch (entry.kind) {
    case 'organization':
      return parsed(entry, OrgBody, (b) => {
        const id = b.id as OrgId
        if (entry.op === 'delete') return [{ op: 'remove', what: 'org', id }]
        const create = b.name !== undefined ? { id, name: b.name, createdAt: entry.at } : null
        return [{ op: 'putOrg', id, create, patch: { name: b.name } }]
      })
    case 'location':
      return parsed(entry, LocationBody, (b) => {
        const id = b.id as LocationId
        if (entry.op === 'delete') return [{ op: 'remove', what: 'location', id }]
        const parentId = b.parentId === undefined ? undefined : ((b.parentId ?? null) as LocationId | null)
        const orgId = (b.orgId ?? entry.orgId) as OrgId | null
        const create =
          entry.op === 'create' && orgId !== null && b.name !== undefined
            ? { id, orgId, parentId: parentId ?? null, name: b.name, sharedWith: [] }
            : null
        return [{ op: 'putLocation', id, create, patch: { name: b.name, parentId } }]
      })
    case 'location-share':
      return parsed(entry, ShareBody, (b) => [
        {
          op: 'shareLocation',
          id: b.locationId as LocationId,
          orgId: b.orgId as OrgId,
          shared: entry.op !== 'delete',
        },
      ])
    case 'machine':
      return parsed(entry, MachineBody, (b) => {
        const id = b.id as MachineId
        if (entry.op === 'delete') return [{ op: 'remove', what: 'machine', id }]
        const create =
          b.locationId !== undefined && b.name !== undefined
            ? {
                id,
                locationId: b.locationId as LocationId,
                name: b.name,
                status: 'never-seen' as const,
                lastSeenAt: null,
                version: null,
              }
            : null
        // A move's row names the new location.
        const locationId = b.locationId as LocationId | undefined
        return [{ op: 'putMachine', id, create, patch: { name: b.name, locationId } }]
      })
    case 'part':
      return parsed(entry, PartBody, (b) => {
        const id = b.id as PartId
        if (entry.op === 'delete') return [{ op: 'remove', what: 'part', id }]
        const machineId = (b.machineId ?? entry.machineId) as MachineId | null
        const create =
          machineId !== null && b.name !== undefined
            ? { id, machineId, name: b.name, isMain: b.isMain ?? false }
            : null
        return [{ op: 'putPart', id, create, patch: { name: b.name, isMain: b.isMain } }]
      })
    case 'config-revision':
      return parsed(entry, RevisionBody, (b) => [
        {
          op: 'putRevision',
          partId: b.partId as PartId,
          revision: b.revision,
          author: b.author,
          createdAt: b.createdAt,
          // A source this desktop does not know is shown as the hub's.
          source: KNOWN_SOURCES.has(b.source) ? (b.source as RevisionSource) : 'hub',
          config: b.config as MachineConfig,
        },
      ])
    case 'config-conflict':
      return parsed(entry, ConflictBody, (b) => {
        if (b.status === 'resolved')
          return [{ op: 'resolveConflict', id: b.id, resolvedRevision: b.resolvedRevision ?? null }]
        return [
          {
            op: 'putConflict',
            conflict: {
              id: b.id,
              partId: b.partId as PartId,
              status: 'open',
              baseRevision: b.baseRevision ?? 0,
              headRevision: b.headRevision ?? 0,
              author: b.author ?? entry.actor,
              createdAt: entry.at,
              paths: (b.conflicts ?? []).map((c) => c.pathText),
            },
          },
        ]
      })
    case 'fragment':
    case 'fragment-revision':
      return parsed(entry, FragmentBody, (b) => fragmentOps(entry, b))
    default:
      return skip(`unknown change kind ${entry.kind}`)
  }
}

function fragmentOps(entry: FeedChange, b: z.output<typeof FragmentBody>): SyncOp[] {
  const id = b.id as FragmentId
  if (entry.op === 'delete') return [{ op: 'remove', what: 'fragment', id }]
  const ops: SyncOp[] = []
  if (entry.kind === 'fragment') {
    const orgId = (b.orgId ?? entry.orgId) as OrgId | null
    const create =
      orgId !== null && b.name !== undefined && b.revision !== undefined
        ? { id, orgId, name: b.name, public: false, revision: b.revision }
        : null
    ops.push({ op: 'putFragment', id, create, patch: { name: b.name } })
  }
  if (b.revision !== undefined && b.config !== undefined)
    ops.push({
      op: 'putFragmentRevision',
      id,
      revision: b.revision,
      createdAt: entry.at,
      config: b.config as MachineConfig,
    })
  return ops
}

function parsed<S extends z.ZodType>(
  entry: FeedChange,
  schema: S,
  build: (body: z.output<S>) => SyncOp[],
): FeedRowPlan {
  const result = schema.safeParse(entry.body)
  if (!result.success) {
    const where = result.error.issues[0]?.path.join('.') || 'body'
    return skip(`a ${entry.kind} row (cursor ${entry.cursor}) with an unreadable ${where}`)
  }
  return plan(build(result.data))
}
