import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { validateMachineConfig, type MachineConfig } from '../../shared/config/machineConfigSchema'
import { requireAccess } from '../access/requireAccess'
import { actorOf } from '../auth/authenticate'
import { recordChange } from '../changes/recordChange'
import type { Queryable } from '../db/Db'
import { newId } from '../core/ids'
import type { HubContext } from './HubContext'
import { HubError } from '../core/HubError'
import { IdSchema, idParams, NameSchema, RenameBody } from './routeKit'
import {
  FragmentDetailSchema,
  FragmentListSchema,
  FragmentRevisionDetailSchema,
  FragmentRevisionListSchema,
  FragmentSavedSchema,
  FragmentViewSchema,
  NamedSchema,
  NoContent,
} from './replySchemas'

const OrgParams = idParams('orgId')
const FragParams = idParams('fragmentId')
const ConfigBody = z.object({ config: z.record(z.string(), z.unknown()) }).strict()
const CreateBody = z
  .object({ name: NameSchema, config: z.record(z.string(), z.unknown()).optional() })
  .strict()
const RevisionParams = z.object({
  fragmentId: IdSchema,
  revision: z.coerce
    .number()
    .int()
    .min(1)
    .max(2 ** 31 - 1),
})

interface FragmentRow {
  id: string
  org_id: string
  name: string
  revision: number
  created_at: Date
}

const view = (
  f: FragmentRow,
): { id: string; orgId: string; name: string; revision: number; createdAt: string } => ({
  id: f.id,
  orgId: f.org_id,
  name: f.name,
  revision: f.revision,
  createdAt: new Date(f.created_at).toISOString(),
})

function checked(input: unknown): MachineConfig {
  const result = validateMachineConfig(input)
  if (!result.ok)
    throw new HubError(
      'invalid-argument',
      `The fragment config is not valid: ${result.errors[0]?.path}: ${result.errors[0]?.message}`,
      { errors: result.errors },
    )
  // A fragment lists resources; fragments inside fragments are not resolved, so refuse them.
  if ((result.config.fragments ?? []).length > 0 || (result.config.fragment_mods ?? []).length > 0) {
    throw new HubError('invalid-argument', 'A fragment cannot use other fragments.', {
      errors: [{ path: '$.fragments', message: 'not allowed in a fragment' }],
    })
  }
  return result.config
}

async function appendFragmentRevision(
  tx: Queryable,
  fragmentId: string,
  config: MachineConfig,
  author: string,
): Promise<number> {
  const rows = await tx.query<{ revision: number }>(
    `SELECT revision FROM fragments WHERE id = $1 FOR UPDATE`,
    [fragmentId],
  )
  const revision = (rows[0]?.revision ?? 0) + 1
  await tx.query(
    `INSERT INTO fragment_revisions (fragment_id, revision, config, author) VALUES ($1, $2, $3::jsonb, $4)`,
    [fragmentId, revision, JSON.stringify(config), author],
  )
  await tx.query(`UPDATE fragments SET revision = $2 WHERE id = $1`, [fragmentId, revision])
  return revision
}

/** Fragments of an organization: list, create, get, rename, save a revision, history, delete. */
export async function fragmentRoutes(app: FastifyInstance, { db }: HubContext): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>()

  r.get(
    '/v1/orgs/:orgId/fragments',
    { schema: { response: { 200: FragmentListSchema }, params: OrgParams } },
    async (request) => {
      await requireAccess(db, actorOf(request), 'fragment.seeAndUse', {
        kind: 'org-fragments',
        orgId: request.params.orgId,
      })
      const rows = await db.query<FragmentRow>(
        `SELECT id, org_id, name, revision, created_at FROM fragments WHERE org_id = $1 ORDER BY name, id`,
        [request.params.orgId],
      )
      return { fragments: rows.map(view) }
    },
  )

  r.post(
    '/v1/orgs/:orgId/fragments',
    { schema: { response: { 201: FragmentViewSchema }, params: OrgParams, body: CreateBody } },
    async (request, reply) => {
      const actor = actorOf(request)
      const { orgId } = request.params
      await requireAccess(db, actor, 'fragment.create', { kind: 'org-fragments', orgId })
      const config = checked(request.body.config ?? {})
      const id = newId('frg')
      const row = await db.transaction(async (tx) => {
        await tx.query(`INSERT INTO fragments (id, org_id, name) VALUES ($1, $2, $3)`, [
          id,
          orgId,
          request.body.name,
        ])
        const revision = await appendFragmentRevision(tx, id, config, actor.label)
        await recordChange(tx, {
          kind: 'fragment',
          resourceId: id,
          orgId,
          op: 'create',
          body: { id, orgId, name: request.body.name, revision, config },
          actor: actor.label,
        })
        return (
          await tx.query<FragmentRow>(
            `SELECT id, org_id, name, revision, created_at FROM fragments WHERE id = $1`,
            [id],
          )
        )[0] as FragmentRow
      })
      return reply.status(201).send(view(row))
    },
  )

  r.get(
    '/v1/fragments/:fragmentId',
    { schema: { response: { 200: FragmentDetailSchema }, params: FragParams } },
    async (request) => {
      await requireAccess(db, actorOf(request), 'fragment.seeAndUse', {
        kind: 'fragment',
        id: request.params.fragmentId,
      })
      const rows = await db.query<FragmentRow & { config: MachineConfig }>(
        `SELECT f.id, f.org_id, f.name, f.revision, f.created_at, r.config FROM fragments f
       JOIN fragment_revisions r ON r.fragment_id = f.id AND r.revision = f.revision WHERE f.id = $1`,
        [request.params.fragmentId],
      )
      const row = rows[0]
      if (!row) throw new HubError('not-found', 'The fragment does not exist or is not visible to you.')
      return { ...view(row), config: row.config }
    },
  )

  r.get(
    '/v1/fragments/:fragmentId/revisions',
    { schema: { response: { 200: FragmentRevisionListSchema }, params: FragParams } },
    async (request) => {
      await requireAccess(db, actorOf(request), 'fragment.seeAndUse', {
        kind: 'fragment',
        id: request.params.fragmentId,
      })
      const rows = await db.query<{ revision: number; author: string; created_at: Date }>(
        `SELECT revision, author, created_at FROM fragment_revisions WHERE fragment_id = $1 ORDER BY revision DESC LIMIT 500`,
        [request.params.fragmentId],
      )
      return {
        revisions: rows.map((x) => ({
          revision: x.revision,
          author: x.author,
          createdAt: new Date(x.created_at).toISOString(),
        })),
      }
    },
  )

  r.get(
    '/v1/fragments/:fragmentId/revisions/:revision',
    { schema: { response: { 200: FragmentRevisionDetailSchema }, params: RevisionParams } },
    async (request) => {
      const { fragmentId, revision } = request.params
      await requireAccess(db, actorOf(request), 'fragment.seeAndUse', { kind: 'fragment', id: fragmentId })
      const rows = await db.query<{ config: MachineConfig; author: string; created_at: Date }>(
        `SELECT config, author, created_at FROM fragment_revisions WHERE fragment_id = $1 AND revision = $2`,
        [fragmentId, revision],
      )
      const row = rows[0]
      if (!row) throw new HubError('not-found', `The fragment has no revision ${revision}.`)
      return {
        fragmentId,
        revision,
        author: row.author,
        createdAt: new Date(row.created_at).toISOString(),
        config: row.config,
      }
    },
  )

  r.put(
    '/v1/fragments/:fragmentId/config',
    { schema: { response: { 201: FragmentSavedSchema }, params: FragParams, body: ConfigBody } },
    async (request, reply) => {
      const actor = actorOf(request)
      const { fragmentId } = request.params
      const { ref } = await requireAccess(db, actor, 'fragment.edit', { kind: 'fragment', id: fragmentId })
      const config = checked(request.body.config)
      const orgId = 'orgId' in ref ? ref.orgId : null
      const revision = await db.transaction(async (tx) => {
        const rev = await appendFragmentRevision(tx, fragmentId, config, actor.label)
        await recordChange(tx, {
          kind: 'fragment-revision',
          resourceId: fragmentId,
          orgId,
          op: 'create',
          body: { id: fragmentId, revision: rev, config },
          actor: actor.label,
        })
        return rev
      })
      return reply.status(201).send({ id: fragmentId, revision })
    },
  )

  r.patch(
    '/v1/fragments/:fragmentId',
    { schema: { response: { 200: NamedSchema }, params: FragParams, body: RenameBody } },
    async (request) => {
      const actor = actorOf(request)
      const { fragmentId } = request.params
      const { ref } = await requireAccess(db, actor, 'fragment.edit', { kind: 'fragment', id: fragmentId })
      await db.transaction(async (tx) => {
        await tx.query(`UPDATE fragments SET name = $2 WHERE id = $1`, [fragmentId, request.body.name])
        await recordChange(tx, {
          kind: 'fragment',
          resourceId: fragmentId,
          orgId: 'orgId' in ref ? ref.orgId : null,
          op: 'update',
          body: { id: fragmentId, name: request.body.name },
          actor: actor.label,
        })
      })
      return { id: fragmentId, name: request.body.name }
    },
  )

  r.delete(
    '/v1/fragments/:fragmentId',
    { schema: { response: NoContent, params: FragParams } },
    async (request, reply) => {
      const actor = actorOf(request)
      const { fragmentId } = request.params
      const { ref } = await requireAccess(db, actor, 'fragment.edit', { kind: 'fragment', id: fragmentId })
      await db.transaction(async (tx) => {
        // A fragment a machine's current config uses stays: deleting it would break that machine.
        const users = await tx.query<{ name: string }>(
          `SELECT p.name FROM parts p JOIN config_revisions c ON c.part_id = p.id AND c.revision = p.revision
         WHERE c.config->'fragments' @> $1::jsonb OR c.config->'fragments' @> $2::jsonb LIMIT 5`,
          [JSON.stringify([fragmentId]), JSON.stringify([{ id: fragmentId }])],
        )
        if (users.length > 0) {
          throw new HubError(
            'failed-precondition',
            `The fragment is used by ${users.map((u) => `"${u.name}"`).join(', ')}; remove it from their configs first.`,
          )
        }
        await tx.query(`DELETE FROM fragments WHERE id = $1`, [fragmentId])
        await recordChange(tx, {
          kind: 'fragment',
          resourceId: fragmentId,
          orgId: 'orgId' in ref ? ref.orgId : null,
          op: 'delete',
          body: { id: fragmentId },
          actor: actor.label,
        })
      })
      return reply.status(204).send(null)
    },
  )
}
