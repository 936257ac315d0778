import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { strongestRole } from '../../shared/access/can'
import type { OrgId } from '../../shared/ids'
import { requireAccess } from '../access/requireAccess'
import { actorOf } from '../auth/authenticate'
import { recordChange } from '../changes/recordChange'
import { createOrganization } from '../fleet/organizations'
import type { HubContext } from './HubContext'
import { HubError } from '../core/HubError'
import { idParams, NameSchema, RenameBody } from './routeKit'
import { NamedSchema, NoContent, OrgViewSchema } from './replySchemas'

const OrgParams = idParams('orgId')

/** Organizations: list, create (org.create), get, rename (org.editName), delete, leave. */
export async function orgRoutes(app: FastifyInstance, { db }: HubContext): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>()

  r.get(
    '/v1/orgs',
    { schema: { response: { 200: z.object({ organizations: z.array(OrgViewSchema) }) } } },
    async (request) => {
      const actor = actorOf(request)
      const ids = [
        ...new Set(actor.identity.grants.map((g) => g.orgId).filter((id): id is OrgId => id !== undefined)),
      ]
      if (ids.length === 0) return { organizations: [] }
      const rows = await db.query<{ id: string; name: string; created_at: Date }>(
        `SELECT id, name, created_at FROM organizations WHERE id = ANY($1::text[]) ORDER BY name, id`,
        [`{${ids.join(',')}}`],
      )
      return {
        organizations: rows.map((o) => ({
          id: o.id,
          name: o.name,
          createdAt: new Date(o.created_at).toISOString(),
          role: strongestRole(actor.identity, { kind: 'organization', orgId: o.id as OrgId }),
        })),
      }
    },
  )

  r.post(
    '/v1/orgs',
    { schema: { response: { 201: NamedSchema }, body: z.object({ name: NameSchema }).strict() } },
    async (request, reply) => {
      const actor = actorOf(request)
      await requireAccess(db, actor, 'org.create', { kind: 'platform' })
      const id = await db.transaction((tx) =>
        createOrganization(tx, { name: request.body.name, owner: actor.subject, actor: actor.label }),
      )
      return reply.status(201).send({ id, name: request.body.name })
    },
  )

  r.get(
    '/v1/orgs/:orgId',
    { schema: { response: { 200: OrgViewSchema }, params: OrgParams } },
    async (request) => {
      const actor = actorOf(request)
      await requireAccess(db, actor, 'org.seeOwnRole', { kind: 'organization', id: request.params.orgId })
      const rows = await db.query<{ id: string; name: string; created_at: Date }>(
        `SELECT id, name, created_at FROM organizations WHERE id = $1`,
        [request.params.orgId],
      )
      const org = rows[0]
      if (!org) throw new HubError('not-found', 'The organization does not exist or is not visible to you.')
      const role = strongestRole(actor.identity, { kind: 'organization', orgId: org.id as OrgId })
      return { id: org.id, name: org.name, createdAt: new Date(org.created_at).toISOString(), role }
    },
  )

  r.patch(
    '/v1/orgs/:orgId',
    { schema: { response: { 200: NamedSchema }, params: OrgParams, body: RenameBody } },
    async (request) => {
      const actor = actorOf(request)
      const { orgId } = request.params
      await requireAccess(db, actor, 'org.editName', { kind: 'organization', id: orgId })
      await db.transaction(async (tx) => {
        await tx.query(`UPDATE organizations SET name = $2 WHERE id = $1`, [orgId, request.body.name])
        await recordChange(tx, {
          kind: 'organization',
          resourceId: orgId,
          orgId,
          op: 'update',
          body: { id: orgId, name: request.body.name },
          actor: actor.label,
        })
      })
      return { id: orgId, name: request.body.name }
    },
  )

  r.delete(
    '/v1/orgs/:orgId',
    { schema: { response: NoContent, params: OrgParams } },
    async (request, reply) => {
      const actor = actorOf(request)
      const { orgId } = request.params
      await requireAccess(db, actor, 'org.delete', { kind: 'organization', id: orgId })
      await db.transaction(async (tx) => {
        // Everything in the org goes with it (ON DELETE CASCADE): locations, machines, parts,
        // configs, fragments, grants, keys. The change row says so once.
        await tx.query(`DELETE FROM organizations WHERE id = $1`, [orgId])
        await recordChange(tx, {
          kind: 'organization',
          resourceId: orgId,
          orgId,
          op: 'delete',
          body: { id: orgId },
          actor: actor.label,
        })
      })
      return reply.status(204).send(null)
    },
  )

  r.post(
    '/v1/orgs/:orgId/leave',
    { schema: { response: NoContent, params: OrgParams } },
    async (request, reply) => {
      const actor = actorOf(request)
      const { orgId } = request.params
      await requireAccess(db, actor, 'org.leave', { kind: 'organization', id: orgId })
      await db.transaction(async (tx) => {
        const mine = await tx.query<{ id: string }>(
          `SELECT id FROM grants WHERE org_id = $1 AND subject_kind = $2 AND subject_id = $3`,
          [orgId, actor.subject.kind, actor.subject.id],
        )
        // The last owner of the organization may not leave it ownerless; they delete it instead.
        // FOR UPDATE: two owners leaving at once cannot both see the other one still there.
        const ownerRows = await tx.query<{ subject_kind: string; subject_id: string }>(
          `SELECT subject_kind, subject_id FROM grants WHERE org_id = $1 AND resource_kind = 'organization' AND role = 'owner' FOR UPDATE`,
          [orgId],
        )
        const owners = new Set(ownerRows.map((o) => `${o.subject_kind}:${o.subject_id}`))
        if (owners.has(`${actor.subject.kind}:${actor.subject.id}`) && owners.size === 1) {
          throw new HubError(
            'failed-precondition',
            'You are the only owner of this organization: make someone else owner first, or delete it.',
          )
        }
        await tx.query(`DELETE FROM grants WHERE org_id = $1 AND subject_kind = $2 AND subject_id = $3`, [
          orgId,
          actor.subject.kind,
          actor.subject.id,
        ])
        for (const g of mine) {
          await recordChange(tx, {
            kind: 'grant',
            resourceId: g.id,
            orgId,
            op: 'delete',
            body: { id: g.id, subject: actor.subject },
            actor: actor.label,
          })
        }
      })
      return reply.status(204).send(null)
    },
  )
}
