import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { computeEffectiveConfig } from '../../shared/config/computeEffectiveConfig'
import { validateMachineConfig, type MachineConfig } from '../../shared/config/machineConfigSchema'
import type { Actor } from '../auth/Actor'
import { requireAccess } from '../access/requireAccess'
import { actorOf } from '../auth/authenticate'
import { recordChange } from '../changes/recordChange'
import {
  appendRevision,
  getRevision,
  headRevision,
  headRevisionRow,
  listRevisions,
  revisionView,
} from '../fleet/configRevisions'
import { resolveFragments } from '../fleet/fragmentConfigs'
import { machinePlace } from '../fleet/machineChange'
import type { Db } from '../db/Db'
import type { HubContext } from './HubContext'
import { HubError } from '../core/HubError'
import { IdSchema, idParams } from './routeKit'
import { EffectiveConfigSchema, HeadConfigSchema, RevisionListSchema, RevisionSchema } from './replySchemas'

const PartParams = idParams('partId')
const RevisionParams = z.object({
  partId: IdSchema,
  revision: z.coerce
    .number()
    .int()
    .min(1)
    .max(2 ** 31 - 1),
})
const SaveBody = z
  .object({
    config: z.record(z.string(), z.unknown()),
    /** The head the edit was made on; a different head is a 409 (merging is the push route's). */
    baseRevision: z.number().int().min(0).optional(),
    source: z.enum(['hub', 'desktop', 'agent', 'fixture']).optional(),
  })
  .strict()
const RevertBody = z.object({ revision: z.number().int().min(1) }).strict()
const ListQuery = z
  .object({
    limit: z.coerce.number().int().min(1).max(500).default(100),
    before: z.coerce.number().int().min(1).optional(),
  })
  .strict()

/** Validates a config against the shared schema and its fragments; 400 with each error's path. */
async function checkedConfig(db: Db, input: unknown, orgId: string, actor: Actor): Promise<MachineConfig> {
  const result = validateMachineConfig(input)
  if (!result.ok)
    throw new HubError(
      'invalid-argument',
      `The config is not valid: ${result.errors[0]?.path}: ${result.errors[0]?.message}`,
      { errors: result.errors },
    )
  const fragments = await resolveFragments(db, orgId, result.config.fragments ?? [], actor)
  if (!fragments.ok)
    throw new HubError(
      'invalid-argument',
      `The config names fragments it cannot use: ${fragments.errors[0]?.message}`,
      { errors: fragments.errors },
    )
  return result.config
}

/** Configs with revisions: read, save (machine.editConfig), history, revert, the effective config. */
export async function configRoutes(app: FastifyInstance, { db }: HubContext): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>()

  r.get(
    '/v1/parts/:partId/config',
    { schema: { response: { 200: HeadConfigSchema }, params: PartParams } },
    async (request) => {
      const actor = actorOf(request)
      const { partId } = request.params
      await requireAccess(db, actor, 'machine.seeAllTabs', { kind: 'part', id: partId })
      const row = await headRevisionRow(db, partId)
      if (!row)
        return { partId, revision: 0, config: {}, author: null, source: null, parents: [], createdAt: null }
      return { ...revisionView(row, false), config: row.config }
    },
  )

  r.put(
    '/v1/parts/:partId/config',
    { schema: { response: { 201: RevisionSchema }, params: PartParams, body: SaveBody } },
    async (request, reply) => {
      const actor = actorOf(request)
      const { partId } = request.params
      const { ref } = await requireAccess(db, actor, 'machine.editConfig', { kind: 'part', id: partId })
      const place = machinePlace(ref)
      const config = await checkedConfig(db, request.body.config, place.orgId ?? '', actor)
      const row = await db.transaction(async (tx) => {
        const head = await headRevision(tx, partId, true)
        const base = request.body.baseRevision
        if (base !== undefined && base !== head) {
          throw new HubError(
            'conflict',
            `The config changed since revision ${base} (now ${head}); reload it, or push the edit to have it merged.`,
          )
        }
        const saved = await appendRevision(tx, {
          partId,
          config,
          author: actor.label,
          source: request.body.source ?? 'hub',
        })
        await recordChange(tx, {
          kind: 'config-revision',
          resourceId: partId,
          ...place,
          op: 'create',
          body: revisionView(saved, true) as unknown as Record<string, unknown>,
          actor: actor.label,
        })
        return saved
      })
      return reply.status(201).send(revisionView(row, false))
    },
  )

  r.get(
    '/v1/parts/:partId/revisions',
    { schema: { response: { 200: RevisionListSchema }, params: PartParams, querystring: ListQuery } },
    async (request) => {
      const actor = actorOf(request)
      const { partId } = request.params
      await requireAccess(db, actor, 'machine.seeAllTabs', { kind: 'part', id: partId })
      const rows = await listRevisions(db, partId, request.query.limit, request.query.before)
      return { revisions: rows.map((row) => revisionView(row, false)) }
    },
  )

  r.get(
    '/v1/parts/:partId/revisions/:revision',
    { schema: { response: { 200: RevisionSchema }, params: RevisionParams } },
    async (request) => {
      const actor = actorOf(request)
      const { partId, revision } = request.params
      await requireAccess(db, actor, 'machine.seeAllTabs', { kind: 'part', id: partId })
      const row = await getRevision(db, partId, revision)
      if (!row) throw new HubError('not-found', `The part has no revision ${revision}.`)
      return revisionView(row, true)
    },
  )

  r.post(
    '/v1/parts/:partId/revert',
    { schema: { response: { 201: RevisionSchema }, params: PartParams, body: RevertBody } },
    async (request, reply) => {
      const actor = actorOf(request)
      const { partId } = request.params
      const { ref } = await requireAccess(db, actor, 'machine.editConfig', { kind: 'part', id: partId })
      const place = machinePlace(ref)
      const old = await getRevision(db, partId, request.body.revision)
      if (!old) throw new HubError('not-found', `The part has no revision ${request.body.revision}.`)
      // Restoring never rewrites history: the old config becomes a new revision.
      const row = await db.transaction(async (tx) => {
        const saved = await appendRevision(tx, {
          partId,
          config: old.config,
          author: actor.label,
          source: 'revert',
          revertedFrom: old.revision,
        })
        await recordChange(tx, {
          kind: 'config-revision',
          resourceId: partId,
          ...place,
          op: 'create',
          body: revisionView(saved, true) as unknown as Record<string, unknown>,
          actor: actor.label,
        })
        return saved
      })
      return reply.status(201).send(revisionView(row, false))
    },
  )

  r.get(
    '/v1/parts/:partId/effective-config',
    { schema: { response: { 200: EffectiveConfigSchema }, params: PartParams } },
    async (request) => {
      const actor = actorOf(request)
      const { partId } = request.params
      const { ref } = await requireAccess(db, actor, 'machine.seeAllTabs', { kind: 'part', id: partId })
      const row = await headRevisionRow(db, partId)
      const head = row?.revision ?? 0
      const config: MachineConfig = row?.config ?? {}
      const fragments = await resolveFragments(
        db,
        machinePlace(ref).orgId ?? '',
        config.fragments ?? [],
        null,
      )
      if (!fragments.ok) return { partId, revision: head, ok: false, errors: fragments.errors }
      const effective = computeEffectiveConfig(config, fragments.configs)
      return effective.ok
        ? { partId, revision: head, ok: true, config: effective.config, sources: effective.sources }
        : { partId, revision: head, ok: false, errors: effective.errors }
    },
  )
}
