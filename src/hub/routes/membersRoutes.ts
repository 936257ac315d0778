import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import type { OrgId, UserId } from '../../shared/ids'
import { requireAccess } from '../access/requireAccess'
import type { Actor } from '../auth/Actor'
import { actorOf } from '../auth/authenticate'
import { insertGrant } from '../auth/grants'
import { recordChange } from '../changes/recordChange'
import type { Db, Queryable } from '../db/Db'
import { enforce, loadRefs, placeOf, requireInOrg, targetOf } from '../members/grantTargets'
import {
  decideGrantChange,
  decideRemoveMember,
  visibleMembers,
  type MemberRecord,
  type RefOf,
} from '../members/memberDecisions'
import {
  GrantAddSchema,
  GrantParamsSchema,
  MemberGrantSchema,
  MemberListSchema,
  MemberParamsSchema,
  OrgParamsSchema,
  RoleChangeSchema,
} from '../members/memberSchemas'
import { findGrant, loadMembers } from '../members/memberStore'
import type { HubContext } from './HubContext'
import { HubError } from '../core/HubError'
import { NoContent } from './replySchemas'

interface OrgMembers {
  members: MemberRecord[]
  refOf: RefOf
}

async function membersWithRefs(db: Queryable, orgId: OrgId): Promise<OrgMembers> {
  const members = await loadMembers(db, orgId)
  const refOf = await loadRefs(
    db,
    members.flatMap((m) => m.grants.map((g) => g.resource)),
  )
  return { members, refOf }
}

/**
 * Runs a membership change with the organization's row locked, deciding on the members as they are
 * inside the transaction: two owners leaving at once cannot both pass the "last owner" rule.
 */
function withMembersLocked<T>(
  db: Db,
  orgId: OrgId,
  fn: (tx: Queryable, m: OrgMembers) => Promise<T>,
): Promise<T> {
  return db.transaction(async (tx) => {
    await tx.query(`SELECT id FROM organizations WHERE id = $1 FOR UPDATE`, [orgId])
    return fn(tx, await membersWithRefs(tx, orgId))
  })
}

const userSubject = (userId: UserId): { kind: 'user'; id: UserId } => ({ kind: 'user', id: userId })

/**
 * Members of an organization: the list (what the reader's role may see), grant additional access,
 * change a role, limit access (remove one grant), remove a member. (Leaving is hubcore's
 * POST /v1/orgs/:orgId/leave.) Every check is a seed row
 * through requireAccess/can(); the pure rules are in members/memberDecisions.ts.
 */
export async function membersRoutes(app: FastifyInstance, { db }: HubContext): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>()

  r.get(
    '/v1/orgs/:orgId/members',
    { schema: { params: OrgParamsSchema, response: { 200: MemberListSchema } } },
    async (request) => {
      const actor = actorOf(request)
      const { orgId } = request.params
      // Every member may see their own role; visibleMembers narrows the rest by the seed's rows.
      await requireAccess(db, actor, 'org.seeOwnRole', { kind: 'organization', id: orgId })
      const { members, refOf } = await membersWithRefs(db, orgId)
      return { members: visibleMembers(actor.identity, orgId, members, refOf) }
    },
  )

  r.post(
    '/v1/orgs/:orgId/members/:userId/grants',
    { schema: { params: MemberParamsSchema, body: GrantAddSchema, response: { 201: MemberGrantSchema } } },
    async (request, reply) => {
      const actor = actorOf(request)
      const { orgId, userId } = request.params
      await requireAccess(db, actor, 'org.seeOwnRole', { kind: 'organization', id: orgId })
      const { role, resource } = request.body
      // "Grant additional access": only where the actor may change roles (the seed's note).
      const { ref } = await requireAccess(db, actor, 'org.changeRole', targetOf(resource))
      requireInOrg(ref, orgId)
      if (actor.subject.kind === 'user' && actor.subject.id === userId) {
        throw new HubError('permission-denied', 'You cannot grant yourself access.')
      }
      const grantId = await withMembersLocked(db, orgId, async (tx, { members }) => {
        if (!members.some((m) => m.userId === userId)) {
          throw new HubError('not-found', 'No such member in this organization; invite them instead.')
        }
        const id = await insertGrant(tx, { subject: userSubject(userId), role, resource, orgId })
        await recordGrantChange(
          tx,
          actor,
          orgId,
          'create',
          { userId, grantId: id, role, resource },
          placeOf(ref),
        )
        return id
      })
      return reply.status(201).send({ grantId, role, resource })
    },
  )

  r.patch(
    '/v1/orgs/:orgId/members/:userId/grants/:grantId',
    { schema: { params: GrantParamsSchema, body: RoleChangeSchema, response: { 200: MemberGrantSchema } } },
    async (request) => {
      const actor = actorOf(request)
      const { orgId, userId, grantId } = request.params
      const role = request.body.role
      await requireAccess(db, actor, 'org.seeOwnRole', { kind: 'organization', id: orgId })
      return withMembersLocked(db, orgId, async (tx, { members, refOf }) => {
        const grant = findGrant(members, userId, grantId)
        if (!grant) throw new HubError('not-found', 'No such grant of this member.')
        await requireAccess(tx, actor, 'org.changeRole', targetOf(grant.resource))
        enforce(decideGrantChange({ identity: actor.identity, orgId, members, userId, grant, refOf }, role))
        await tx.query(`UPDATE grants SET role = $1 WHERE id = $2`, [role, grantId])
        const body = { userId, grantId, role, resource: grant.resource }
        await recordGrantChange(tx, actor, orgId, 'update', body, placeOf(refOf(grant.resource)))
        return { grantId, role, resource: grant.resource }
      })
    },
  )

  r.delete(
    '/v1/orgs/:orgId/members/:userId/grants/:grantId',
    { schema: { params: GrantParamsSchema, response: NoContent } },
    async (request, reply) => {
      const actor = actorOf(request)
      const { orgId, userId, grantId } = request.params
      await requireAccess(db, actor, 'org.seeOwnRole', { kind: 'organization', id: orgId })
      await withMembersLocked(db, orgId, async (tx, { members, refOf }) => {
        const grant = findGrant(members, userId, grantId)
        if (!grant) throw new HubError('not-found', 'No such grant of this member.')
        await requireAccess(tx, actor, 'org.changeRole', targetOf(grant.resource))
        enforce(
          decideGrantChange({ identity: actor.identity, orgId, members, userId, grant, refOf }, 'removed'),
        )
        await tx.query(`DELETE FROM grants WHERE id = $1`, [grantId])
        await recordGrantChange(
          tx,
          actor,
          orgId,
          'delete',
          { userId, grantId },
          placeOf(refOf(grant.resource)),
        )
      })
      return reply.status(204).send(null)
    },
  )

  r.delete(
    '/v1/orgs/:orgId/members/:userId',
    { schema: { params: MemberParamsSchema, response: NoContent } },
    async (request, reply) => {
      const actor = actorOf(request)
      const { orgId, userId } = request.params
      await requireAccess(db, actor, 'org.seeOwnRole', { kind: 'organization', id: orgId })
      await withMembersLocked(db, orgId, async (tx, { members, refOf }) => {
        enforce(decideRemoveMember(actor.identity, orgId, members, userId, refOf))
        await removeFromOrg(tx, actor, orgId, userId)
      })
      return reply.status(204).send(null)
    },
  )
}

async function removeFromOrg(tx: Queryable, actor: Actor, orgId: OrgId, userId: UserId): Promise<void> {
  await tx.query(`DELETE FROM grants WHERE subject_kind = 'user' AND subject_id = $1 AND org_id = $2`, [
    userId,
    orgId,
  ])
  await recordChange(tx, {
    kind: 'member',
    resourceId: userId,
    orgId,
    op: 'delete',
    body: { userId },
    actor: actor.label,
  })
}

async function recordGrantChange(
  tx: Queryable,
  actor: Actor,
  orgId: OrgId,
  op: 'create' | 'update' | 'delete',
  body: Record<string, unknown> & { grantId: string },
  place: { locationPath: string[]; machineId: string | null },
): Promise<void> {
  await recordChange(tx, {
    kind: 'grant',
    resourceId: body.grantId,
    orgId,
    op,
    body,
    actor: actor.label,
    ...place,
  })
}
