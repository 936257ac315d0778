import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { validateMachineConfig } from '../../shared/config/machineConfigSchema'
import { requireAccess } from '../access/requireAccess'
import { actorOf } from '../auth/authenticate'
import { recordChange } from '../changes/recordChange'
import { appendRevision, headRevision, revisionView } from '../fleet/configRevisions'
import { resolveFragments } from '../fleet/fragmentConfigs'
import { machinePlace } from '../fleet/machineChange'
import type { HubContext } from './HubContext'
import { HubError } from '../core/HubError'
import { applyPushedEdit } from '../sync/applyPush'
import { PushEditEnvelope, type PushOutcome } from '../sync/pushEdit'
import { idParams } from './routeKit'
import { ConflictListSchema, ConflictSchema, PushReplySchema, ResolvedSchema } from './replySchemas'

/** Edits per push: a desktop with more sends several pushes. */
export const MAX_PUSH_EDITS = 200

const PushBody = z.object({ edits: z.array(PushEditEnvelope).min(1).max(MAX_PUSH_EDITS) }).strict()
const ResolveBody = z.object({ config: z.record(z.string(), z.unknown()) }).strict()

interface ConflictRow {
  id: string
  part_id: string
  base_revision: number
  head_revision: number
  base: unknown
  head: unknown
  edit: unknown
  merged: unknown
  conflicts: unknown
  author: string
  status: 'open' | 'resolved'
  resolved_revision: number | null
  resolved_by: string | null
  created_at: Date
  resolved_at: Date | null
}

const conflictView = (c: ConflictRow): z.infer<typeof ConflictSchema> => ({
  id: c.id,
  partId: c.part_id,
  status: c.status,
  baseRevision: c.base_revision,
  headRevision: c.head_revision,
  base: c.base,
  head: c.head,
  edit: c.edit,
  merged: c.merged,
  conflicts: c.conflicts,
  author: c.author,
  createdAt: new Date(c.created_at).toISOString(),
  resolvedRevision: c.resolved_revision,
  resolvedBy: c.resolved_by,
  resolvedAt: c.resolved_at ? new Date(c.resolved_at).toISOString() : null,
})

/**
 * Push and conflicts: `POST /v1/push` applies a desktop's outbox edits in order, each answered with
 * its outcome (per-edit permission and schema checks, idempotent by client id and sequence number);
 * `GET /v1/parts/:partId/conflicts`, `GET /v1/conflicts/:id` (machine.seeAllTabs) and
 * `POST /v1/conflicts/:id/resolve` (machine.editConfig: owners) for the conflicts it records.
 */
export async function pushRoutes(app: FastifyInstance, { db, sealKey }: HubContext): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>()

  r.post('/v1/push', { schema: { response: { 200: PushReplySchema }, body: PushBody } }, async (request) => {
    const actor = actorOf(request)
    const results: PushOutcome[] = []
    // In order: a client's later edits may build on its earlier ones.
    for (const edit of request.body.edits) results.push(await applyPushedEdit(db, actor, edit, sealKey))
    return { results }
  })

  const loadConflict = async (id: string): Promise<ConflictRow> => {
    const rows = await db.query<ConflictRow>(`SELECT * FROM config_conflicts WHERE id = $1`, [id])
    const row = rows[0]
    if (!row) throw new HubError('not-found', 'The conflict does not exist or is not visible to you.')
    return row
  }

  r.get(
    '/v1/parts/:partId/conflicts',
    { schema: { response: { 200: ConflictListSchema }, params: idParams('partId') } },
    async (request) => {
      const actor = actorOf(request)
      const { partId } = request.params
      await requireAccess(db, actor, 'machine.seeAllTabs', { kind: 'part', id: partId })
      const rows = await db.query<ConflictRow>(
        `SELECT * FROM config_conflicts WHERE part_id = $1 ORDER BY created_at DESC, id LIMIT 200`,
        [partId],
      )
      return { conflicts: rows.map(conflictView) }
    },
  )

  r.get(
    '/v1/conflicts/:conflictId',
    { schema: { response: { 200: ConflictSchema }, params: idParams('conflictId') } },
    async (request) => {
      const actor = actorOf(request)
      const conflict = await loadConflict(request.params.conflictId)
      await requireAccess(db, actor, 'machine.seeAllTabs', { kind: 'part', id: conflict.part_id })
      return conflictView(conflict)
    },
  )

  r.post(
    '/v1/conflicts/:conflictId/resolve',
    { schema: { response: { 201: ResolvedSchema }, params: idParams('conflictId'), body: ResolveBody } },
    async (request, reply) => {
      const actor = actorOf(request)
      const conflict = await loadConflict(request.params.conflictId)
      const partId = conflict.part_id
      const { ref } = await requireAccess(db, actor, 'machine.editConfig', { kind: 'part', id: partId })
      const place = machinePlace(ref)
      const valid = validateMachineConfig(request.body.config)
      if (!valid.ok) {
        const first = valid.errors[0]
        throw new HubError('invalid-argument', `The config is not valid: ${first?.path}: ${first?.message}`, {
          errors: valid.errors,
        })
      }
      const fragments = await resolveFragments(db, place.orgId ?? '', valid.config.fragments ?? [], actor)
      if (!fragments.ok)
        throw new HubError(
          'invalid-argument',
          `The config names fragments it cannot use: ${fragments.errors[0]?.message}`,
          {
            errors: fragments.errors,
          },
        )
      const saved = await db.transaction(async (tx) => {
        const locked = await tx.query<{ status: string }>(
          `SELECT status FROM config_conflicts WHERE id = $1 FOR UPDATE`,
          [conflict.id],
        )
        if (locked[0]?.status !== 'open') throw new HubError('conflict', 'The conflict is already resolved.')
        const head = await headRevision(tx, partId, true)
        const parents = [...new Set([head, conflict.head_revision].filter((n) => n > 0))]
        const row = await appendRevision(tx, {
          partId,
          config: valid.config,
          author: actor.label,
          source: 'merged',
          parents,
        })
        await tx.query(
          `UPDATE config_conflicts SET status = 'resolved', resolved_revision = $2, resolved_by = $3, resolved_at = now() WHERE id = $1`,
          [conflict.id, row.revision, actor.label],
        )
        const body = revisionView(row, true) as unknown as Record<string, unknown>
        await recordChange(tx, {
          kind: 'config-revision',
          resourceId: partId,
          ...place,
          op: 'create',
          body,
          actor: actor.label,
        })
        await recordChange(tx, {
          kind: 'config-conflict',
          resourceId: conflict.id,
          ...place,
          op: 'update',
          body: {
            id: conflict.id,
            partId,
            status: 'resolved',
            resolvedRevision: row.revision,
            resolvedBy: actor.label,
          },
          actor: actor.label,
        })
        return row
      })
      return reply.status(201).send({ conflictId: conflict.id, ...revisionView(saved, false) })
    },
  )
}
