import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import type { OrgId } from '../../shared/ids'
import type { ResourceRef } from '../../shared/access/can'
import { canSee, requireAccess } from '../access/requireAccess'
import type { Actor } from '../auth/Actor'
import { createApiKey, deleteApiKey } from '../auth/apiKeys'
import { actorOf } from '../auth/authenticate'
import { insertGrant } from '../auth/grants'
import { loadApiKeys, type ApiKeyRecord } from '../apiKeys/apiKeyStore'
import {
  ApiKeyCreateSchema,
  ApiKeyCreatedSchema,
  ApiKeyGrantAddSchema,
  ApiKeyGrantParamsSchema,
  ApiKeyGrantSchema,
  ApiKeyListSchema,
  ApiKeyParamsSchema,
  ApiKeyRoleChangeSchema,
  ApiKeyViewSchema,
} from '../apiKeys/apiKeySchemas'
import { recordChange } from '../changes/recordChange'
import type { Queryable } from '../db/Db'
import { loadRefs, placeOf, requireInOrg, targetOf } from '../members/grantTargets'
import { mayGrantOn } from '../members/memberDecisions'
import { OrgParamsSchema } from '../members/memberSchemas'
import type { HubContext } from './HubContext'
import { HubError } from '../core/HubError'
import { NoContent } from './replySchemas'

/**
 * API keys of an organization. A key's access is its grants, so making or changing one is granting:
 * the same rule as for people ("Change someone else's role", scoped to what the actor reaches).
 * Keys are stored by hubcore's auth/apiKeys.ts (secret hashed, shown once); nothing limits the
 * number of keys on a resource, so a new key can be live beside the old one (rotation).
 */
export async function apiKeysRoutes(app: FastifyInstance, { db }: HubContext): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>()

  r.post(
    '/v1/orgs/:orgId/api-keys',
    { schema: { params: OrgParamsSchema, body: ApiKeyCreateSchema, response: { 201: ApiKeyCreatedSchema } } },
    async (request, reply) => {
      const actor = actorOf(request)
      const { orgId } = request.params
      const { name, role, resource } = request.body
      await requireAccess(db, actor, 'org.seeOwnRole', { kind: 'organization', id: orgId })
      const { ref } = await requireAccess(db, actor, 'org.changeRole', targetOf(resource))
      requireInOrg(ref, orgId)
      const created = await db.transaction(async (tx) => {
        const key = await createApiKey(tx, { orgId, name, grants: [{ role, resource, orgId }] })
        const [view] = await loadApiKeys(tx, orgId, key.id)
        if (!view) throw new HubError('internal', 'The new key was not found.')
        await recordChange(tx, {
          kind: 'api-key',
          resourceId: key.id,
          orgId,
          op: 'create',
          body: { ...view },
          actor: actor.label,
          ...placeOf(ref),
        })
        return { ...view, secret: key.secret }
      })
      return reply.status(201).send(created)
    },
  )

  r.get(
    '/v1/orgs/:orgId/api-keys',
    { schema: { params: OrgParamsSchema, response: { 200: ApiKeyListSchema } } },
    async (request) => {
      const actor = actorOf(request)
      const { orgId } = request.params
      await requireAccess(db, actor, 'org.seeOwnRole', { kind: 'organization', id: orgId })
      const keys = await loadApiKeys(db, orgId)
      const refOf = await loadRefs(
        db,
        keys.flatMap((k) => k.grants.map((g) => g.resource)),
      )
      // A key is listed to those who could manage one of its grants; they see the grants they reach.
      const visible = keys
        .map((k) => ({
          ...k,
          grants: k.grants.filter((g) => mayGrantOn(actor.identity, refOf(g.resource), 'org.changeRole')),
        }))
        .filter(
          (k) =>
            k.grants.length > 0 ||
            mayGrantOn(actor.identity, { kind: 'organization', orgId }, 'org.changeRole'),
        )
      return { keys: visible }
    },
  )

  r.post(
    '/v1/orgs/:orgId/api-keys/:keyId/grants',
    {
      schema: {
        params: ApiKeyParamsSchema,
        body: ApiKeyGrantAddSchema,
        response: { 201: ApiKeyGrantSchema },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request)
      const { orgId, keyId } = request.params
      const { role, resource } = request.body
      await requireKeyVisible(db, actor, orgId, keyId)
      const { ref } = await requireAccess(db, actor, 'org.changeRole', targetOf(resource))
      requireInOrg(ref, orgId)
      const grantId = await db.transaction(async (tx) => {
        const id = await insertGrant(tx, { subject: { kind: 'api-key', id: keyId }, role, resource, orgId })
        await recordChange(tx, {
          kind: 'grant',
          resourceId: id,
          orgId,
          op: 'create',
          body: { keyId, grantId: id, role, resource },
          actor: actor.label,
          ...placeOf(ref),
        })
        return id
      })
      return reply.status(201).send({ grantId, role, resource })
    },
  )

  r.patch(
    '/v1/orgs/:orgId/api-keys/:keyId/grants/:grantId',
    {
      schema: {
        params: ApiKeyGrantParamsSchema,
        body: ApiKeyRoleChangeSchema,
        response: { 200: ApiKeyGrantSchema },
      },
    },
    async (request) => {
      const actor = actorOf(request)
      const { orgId, keyId, grantId } = request.params
      const key = await requireKeyVisible(db, actor, orgId, keyId)
      const grant = key.grants.find((g) => g.grantId === grantId)
      if (!grant) throw new HubError('not-found', 'No such grant on this key.')
      const { ref } = await requireAccess(db, actor, 'org.changeRole', targetOf(grant.resource))
      const role = request.body.role
      await db.transaction(async (tx) => {
        await tx.query(`UPDATE grants SET role = $1 WHERE id = $2`, [role, grantId])
        await recordChange(tx, {
          kind: 'grant',
          resourceId: grantId,
          orgId,
          op: 'update',
          body: { keyId, grantId, role, resource: grant.resource },
          actor: actor.label,
          ...placeOf(ref),
        })
      })
      return { grantId, role, resource: grant.resource }
    },
  )

  r.delete(
    '/v1/orgs/:orgId/api-keys/:keyId/grants/:grantId',
    { schema: { params: ApiKeyGrantParamsSchema, response: NoContent } },
    async (request, reply) => {
      const actor = actorOf(request)
      const { orgId, keyId, grantId } = request.params
      const key = await requireKeyVisible(db, actor, orgId, keyId)
      const grant = key.grants.find((g) => g.grantId === grantId)
      if (!grant) throw new HubError('not-found', 'No such grant on this key.')
      const { ref } = await requireAccess(db, actor, 'org.changeRole', targetOf(grant.resource))
      await db.transaction(async (tx) => {
        await tx.query(`DELETE FROM grants WHERE id = $1`, [grantId])
        await recordChange(tx, {
          kind: 'grant',
          resourceId: grantId,
          orgId,
          op: 'delete',
          body: { keyId, grantId },
          actor: actor.label,
          ...placeOf(ref),
        })
      })
      return reply.status(204).send(null)
    },
  )

  r.get(
    '/v1/orgs/:orgId/api-keys/:keyId',
    { schema: { params: ApiKeyParamsSchema, response: { 200: ApiKeyViewSchema } } },
    async (request) => {
      const actor = actorOf(request)
      return requireKeyVisible(db, actor, request.params.orgId, request.params.keyId)
    },
  )

  r.delete(
    '/v1/orgs/:orgId/api-keys/:keyId',
    { schema: { params: ApiKeyParamsSchema, response: NoContent } },
    async (request, reply) => {
      const actor = actorOf(request)
      const { orgId, keyId } = request.params
      const key = await requireKeyVisible(db, actor, orgId, keyId)
      // Deleting a key takes away all of its access: the actor must be able to take each grant.
      for (const grant of key.grants)
        await requireAccess(db, actor, 'org.changeRole', targetOf(grant.resource))
      if (key.grants.length === 0)
        await requireAccess(db, actor, 'org.changeRole', { kind: 'organization', id: orgId })
      await db.transaction(async (tx) => {
        await deleteApiKey(tx, keyId)
        await recordChange(tx, {
          kind: 'api-key',
          resourceId: keyId,
          orgId,
          op: 'delete',
          body: { id: keyId },
          actor: actor.label,
        })
      })
      return reply.status(204).send(null)
    },
  )
}

/**
 * The key as the actor may see it (the grants they could manage), or 404 when it does not exist in
 * this org or the actor could manage none of it: a key out of reach is not revealed.
 */
async function anyVisible(
  db: Queryable,
  actor: Actor,
  refs: readonly (ResourceRef | null)[],
): Promise<boolean> {
  for (const ref of refs) if (ref !== null && (await canSee(db, actor, ref))) return true
  return false
}

async function requireKeyVisible(
  db: Queryable,
  actor: Actor,
  orgId: OrgId,
  keyId: string,
): Promise<ApiKeyRecord> {
  await requireAccess(db, actor, 'org.seeOwnRole', { kind: 'organization', id: orgId })
  const [key] = await loadApiKeys(db, orgId, keyId)
  if (!key) throw new HubError('not-found', 'The API key does not exist or is not visible to you.')
  const refOf = await loadRefs(
    db,
    key.grants.map((g) => g.resource),
  )
  const reachable = key.grants.filter((g) => mayGrantOn(actor.identity, refOf(g.resource), 'org.changeRole'))
  const orgWide = mayGrantOn(actor.identity, { kind: 'organization', orgId }, 'org.changeRole')
  if (reachable.length === 0 && !orgWide) {
    // Out of reach is 404 (it reveals nothing); seen but not manageable (an operator) is 403.
    const refs = key.grants.map((g) => refOf(g.resource))
    const seen = await anyVisible(db, actor, refs)
    if (!seen) throw new HubError('not-found', 'The API key does not exist or is not visible to you.')
    throw new HubError(
      'permission-denied',
      'Managing this API key needs the owner role on one of its resources.',
    )
  }
  return { ...key, grants: orgWide ? key.grants : reachable }
}
