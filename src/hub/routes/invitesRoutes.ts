import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { requireAccess } from '../access/requireAccess'
import { actorOf } from '../auth/authenticate'
import { insertGrant } from '../auth/grants'
import { recordChange } from '../changes/recordChange'
import { newId } from '../core/ids'
import { enforce, placeOf, requireInOrg, targetOf } from '../members/grantTargets'
import { hashInviteCode, newInviteCode } from '../members/inviteCode'
import { decideAccept, decideResend, decideRevoke, inviteExpiry } from '../members/inviteRules'
import {
  InviteAcceptReplySchema,
  InviteAcceptSchema,
  InviteCreateSchema,
  InviteListSchema,
  InviteParamsSchema,
  InviteViewSchema,
  InviteWithCodeSchema,
  OrgParamsSchema,
} from '../members/memberSchemas'
import {
  findInvite,
  findInviteByCodeHash,
  insertInvite,
  inviteView,
  listInvites,
} from '../members/inviteStore'
import { loadMembers } from '../members/memberStore'
import type { HubContext } from './HubContext'
import { HubError } from '../core/HubError'

/**
 * Invites: made by whoever may invite on the invite's resource ("Invite, resend invite, and revoke
 * invite", scoped to the locations and machines they reach). The hub has no mail server, so the
 * reply carries the code (once); the invitee, signed in with the invited email, accepts it.
 */
export async function invitesRoutes(app: FastifyInstance, { db }: HubContext): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>()

  r.post(
    '/v1/orgs/:orgId/invites',
    {
      schema: { params: OrgParamsSchema, body: InviteCreateSchema, response: { 201: InviteWithCodeSchema } },
    },
    async (request, reply) => {
      const actor = actorOf(request)
      const { orgId } = request.params
      const { email, role, resource } = request.body
      await requireAccess(db, actor, 'org.seeOwnRole', { kind: 'organization', id: orgId })
      const { ref } = await requireAccess(db, actor, 'org.invite', targetOf(resource))
      requireInOrg(ref, orgId)
      const code = newInviteCode()
      const now = new Date()
      const invite = await db.transaction(async (tx) => {
        const created = await insertInvite(tx, {
          id: newId('inv'),
          orgId,
          email: email.trim(),
          role,
          resource,
          codeHash: hashInviteCode(code),
          invitedBy: actor.label,
          expiresAt: inviteExpiry(now),
        })
        await recordChange(tx, {
          kind: 'invite',
          resourceId: created.id,
          orgId,
          op: 'create',
          body: { ...inviteView(created, now) },
          actor: actor.label,
          ...placeOf(ref),
        })
        return created
      })
      return reply.status(201).send({ ...inviteView(invite, now), code })
    },
  )

  r.get(
    '/v1/orgs/:orgId/invites',
    { schema: { params: OrgParamsSchema, response: { 200: InviteListSchema } } },
    async (request) => {
      const actor = actorOf(request)
      const { orgId } = request.params
      await requireAccess(db, actor, 'org.seeOwnRole', { kind: 'organization', id: orgId })
      const now = new Date()
      const visible = []
      // Each invite is shown to those who could resend or revoke it.
      for (const invite of await listInvites(db, orgId)) {
        try {
          await requireAccess(db, actor, 'org.invite', targetOf(invite.resource))
          visible.push(inviteView(invite, now))
        } catch (err) {
          if (!(err instanceof HubError)) throw err
        }
      }
      return { invites: visible }
    },
  )

  r.post(
    '/v1/orgs/:orgId/invites/:inviteId/resend',
    { schema: { params: InviteParamsSchema, response: { 200: InviteWithCodeSchema } } },
    async (request) => {
      const actor = actorOf(request)
      const { orgId, inviteId } = request.params
      await requireAccess(db, actor, 'org.seeOwnRole', { kind: 'organization', id: orgId })
      const invite = await findInvite(db, orgId, inviteId)
      if (!invite) throw new HubError('not-found', 'No such invite.')
      const { ref } = await requireAccess(db, actor, 'org.invite', targetOf(invite.resource))
      const now = new Date()
      enforce(decideResend(invite, now))
      // A new code replaces the old one's hash: the old code stops working at once.
      const code = newInviteCode()
      const expiresAt = inviteExpiry(now)
      await db.transaction(async (tx) => {
        await tx.query(`UPDATE invites SET code_hash = $1, expires_at = $2 WHERE id = $3`, [
          hashInviteCode(code),
          expiresAt,
          inviteId,
        ])
        await recordChange(tx, {
          kind: 'invite',
          resourceId: inviteId,
          orgId,
          op: 'update',
          body: { id: inviteId, expiresAt },
          actor: actor.label,
          ...placeOf(ref),
        })
      })
      return { ...inviteView({ ...invite, expiresAt }, now), code }
    },
  )

  r.delete(
    '/v1/orgs/:orgId/invites/:inviteId',
    { schema: { params: InviteParamsSchema, response: { 200: InviteViewSchema } } },
    async (request) => {
      const actor = actorOf(request)
      const { orgId, inviteId } = request.params
      await requireAccess(db, actor, 'org.seeOwnRole', { kind: 'organization', id: orgId })
      const invite = await findInvite(db, orgId, inviteId)
      if (!invite) throw new HubError('not-found', 'No such invite.')
      const { ref } = await requireAccess(db, actor, 'org.invite', targetOf(invite.resource))
      const now = new Date()
      enforce(decideRevoke(invite, now))
      const revokedAt = now.toISOString()
      await db.transaction(async (tx) => {
        await tx.query(`UPDATE invites SET revoked_at = $1 WHERE id = $2`, [revokedAt, inviteId])
        await recordChange(tx, {
          kind: 'invite',
          resourceId: inviteId,
          orgId,
          op: 'update',
          body: { id: inviteId, state: 'revoked' },
          actor: actor.label,
          ...placeOf(ref),
        })
      })
      return inviteView({ ...invite, revokedAt }, now)
    },
  )

  r.post(
    '/v1/invites/accept',
    { schema: { body: InviteAcceptSchema, response: { 200: InviteAcceptReplySchema } } },
    async (request) => {
      const actor = actorOf(request)
      if (actor.subject.kind !== 'user')
        throw new HubError(
          'permission-denied',
          'An invite is accepted by a signed-in person, not an API key.',
        )
      const userId = actor.subject.id
      const rows = await db.query<{ email: string }>(`SELECT email FROM users WHERE id = $1`, [userId])
      const email = rows[0]?.email ?? ''
      const now = new Date()
      return db.transaction(async (tx) => {
        const invite = await findInviteByCodeHash(tx, hashInviteCode(request.body.code))
        // An unknown code and a replaced one look alike: neither says whether an invite exists.
        if (!invite)
          throw new HubError('not-found', 'This invite code is unknown or was replaced by a newer one.')
        enforce(decideAccept(invite, email, now))
        const members = await loadMembers(tx, invite.orgId)
        const already = members
          .find((m) => m.userId === userId)
          ?.grants.find(
            (g) =>
              g.role === invite.role &&
              g.resource.kind === invite.resource.kind &&
              g.resource.id === invite.resource.id,
          )
        const grantId =
          already?.grantId ??
          (await insertGrant(tx, {
            subject: { kind: 'user', id: userId },
            role: invite.role,
            resource: invite.resource,
            orgId: invite.orgId,
          }))
        await tx.query(`UPDATE invites SET accepted_at = $1, accepted_by = $2 WHERE id = $3`, [
          now.toISOString(),
          userId,
          invite.id,
        ])
        await recordChange(tx, {
          kind: 'invite',
          resourceId: invite.id,
          orgId: invite.orgId,
          op: 'update',
          body: { id: invite.id, state: 'accepted' },
          actor: actor.label,
        })
        await recordChange(tx, {
          kind: 'grant',
          resourceId: grantId,
          orgId: invite.orgId,
          op: 'create',
          body: { userId, grantId, role: invite.role, resource: invite.resource },
          actor: actor.label,
        })
        return { orgId: invite.orgId, grant: { grantId, role: invite.role, resource: invite.resource } }
      })
    },
  )
}
