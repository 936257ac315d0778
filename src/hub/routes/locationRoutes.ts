import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { checkLocationPlacement } from '../../shared/domain/locations'
import type { LocationId } from '../../shared/ids'
import { chainsFrom, locationChain, textArray } from '../access/fleetPaths'
import { isVisible } from '../access/isVisible'
import { grantPaths } from '../access/loadResourceRef'
import { requireAccess, requireVisible } from '../access/requireAccess'
import { actorOf } from '../auth/authenticate'
import { recordChange } from '../changes/recordChange'
import { getLocation, orgLocations, sharedIntoOrg } from '../fleet/locationRows'
import { newId } from '../core/ids'
import type { HubContext } from './HubContext'
import { HubError, notFound } from '../core/HubError'
import { IdSchema, idParams, NameSchema, RenameBody } from './routeKit'
import {
  LocationCreatedSchema,
  LocationDetailSchema,
  LocationListSchema,
  LocationMovedSchema,
  LocationShareSchema,
  NamedSchema,
  NoContent,
  SupportAccessSchema,
} from './replySchemas'

const OrgParams = idParams('orgId')
const LocParams = idParams('locationId')
const CreateBody = z.object({ name: NameSchema, parentId: IdSchema.nullable().optional() }).strict()
const MoveBody = z.object({ parentId: IdSchema.nullable() }).strict()
const ShareBody = z.object({ orgId: IdSchema }).strict()

const pathOf = (ref: { kind: string; locationPath?: readonly LocationId[] }): string[] =>
  'locationPath' in ref && ref.locationPath ? [...ref.locationPath] : []

/** Locations: list, get, create, rename, move, delete; sharing with other orgs; support access. */
export async function locationRoutes(app: FastifyInstance, { db }: HubContext): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>()

  r.get(
    '/v1/orgs/:orgId/locations',
    { schema: { response: { 200: LocationListSchema }, params: OrgParams } },
    async (request) => {
      const actor = actorOf(request)
      const { orgId } = request.params
      await requireVisible(db, actor, { kind: 'organization', id: orgId })
      const candidates = [...(await orgLocations(db, orgId)), ...(await sharedIntoOrg(db, orgId))]
      // Every candidate's chain and the actor's grant paths in two queries, whatever the count.
      const chains = await chainsFrom(
        db,
        `SELECT id, id, NULL::text FROM locations WHERE id = ANY($1::text[])`,
        [textArray(candidates.map((l) => l.id))],
      )
      const below = await grantPaths(db, actor.identity.grants)
      const visible = []
      for (const location of candidates) {
        const chain = chains.get(location.id)
        if (!chain) continue
        const ref = {
          kind: 'location',
          orgId: chain.orgId,
          locationPath: chain.path,
          sharedWith: chain.sharedWith,
        } as const
        if (isVisible(actor.identity, ref, below))
          visible.push({ ...location, shared: location.orgId !== orgId })
      }
      return { locations: visible }
    },
  )

  r.get(
    '/v1/locations/:locationId',
    { schema: { response: { 200: LocationDetailSchema }, params: LocParams } },
    async (request) => {
      const actor = actorOf(request)
      const loaded = await requireVisible(db, actor, { kind: 'location', id: request.params.locationId })
      const location = await getLocation(db, request.params.locationId)
      if (!location) throw notFound('The location')
      const support = await db.query(`SELECT 1 FROM support_access WHERE location_id = $1`, [
        request.params.locationId,
      ])
      return { ...location, path: pathOf(loaded.ref), supportAccess: support.length > 0 }
    },
  )

  r.post(
    '/v1/orgs/:orgId/locations',
    { schema: { response: { 201: LocationCreatedSchema }, params: OrgParams, body: CreateBody } },
    async (request, reply) => {
      const actor = actorOf(request)
      const { orgId } = request.params
      const parentId = request.body.parentId ?? null
      await requireAccess(db, actor, 'location.createInOrg', { kind: 'organization', id: orgId })
      const id = newId('loc')
      const path = await db.transaction(async (tx) => {
        const locations = await orgLocations(tx, orgId, true)
        const check = checkLocationPlacement(locations, {
          parentId: parentId as LocationId | null,
          name: request.body.name,
          orgId: orgId as never,
        })
        if (!check.ok)
          throw new HubError(
            parentId !== null && !locations.some((l) => l.id === parentId)
              ? 'not-found'
              : 'failed-precondition',
            check.message,
          )
        await tx.query(`INSERT INTO locations (id, org_id, parent_id, name) VALUES ($1, $2, $3, $4)`, [
          id,
          orgId,
          parentId,
          request.body.name,
        ])
        const chain = await locationChain(tx, id)
        const locationPath = chain?.path ?? [id]
        await recordChange(tx, {
          kind: 'location',
          resourceId: id,
          orgId,
          locationPath,
          op: 'create',
          body: { id, orgId, parentId, name: request.body.name },
          actor: actor.label,
        })
        return locationPath
      })
      return reply.status(201).send({ id, orgId, parentId, name: request.body.name, path })
    },
  )

  r.patch(
    '/v1/locations/:locationId',
    { schema: { response: { 200: NamedSchema }, params: LocParams, body: RenameBody } },
    async (request) => {
      const actor = actorOf(request)
      const { locationId } = request.params
      const { ref } = await requireAccess(db, actor, 'location.editInfo', {
        kind: 'location',
        id: locationId,
      })
      const orgId = ref.kind === 'location' ? ref.orgId : null
      await db.transaction(async (tx) => {
        await tx.query(`UPDATE locations SET name = $2 WHERE id = $1`, [locationId, request.body.name])
        await recordChange(tx, {
          kind: 'location',
          resourceId: locationId,
          orgId,
          locationPath: pathOf(ref),
          op: 'update',
          body: { id: locationId, name: request.body.name },
          actor: actor.label,
        })
      })
      return { id: locationId, name: request.body.name }
    },
  )

  r.post(
    '/v1/locations/:locationId/move',
    { schema: { response: { 200: LocationMovedSchema }, params: LocParams, body: MoveBody } },
    async (request) => {
      const actor = actorOf(request)
      const { locationId } = request.params
      const { parentId } = request.body
      let destinationPath: LocationId[] = []
      if (parentId !== null) {
        // The new parent must be visible too; an unseen one is as absent as an unknown one.
        const parent = await requireVisible(db, actor, { kind: 'location', id: parentId })
        destinationPath = pathOf(parent.ref) as LocationId[]
      }
      const { ref } = await requireAccess(
        db,
        actor,
        'location.move',
        { kind: 'location', id: locationId },
        (base) => (base.kind === 'location' ? { ...base, destinationPath } : base),
      )
      if (ref.kind !== 'location') throw new HubError('internal', 'Not a location.')
      const path = await db.transaction(async (tx) => {
        const locations = await orgLocations(tx, ref.orgId, true)
        const check = checkLocationPlacement(locations, {
          id: locationId as LocationId,
          parentId: parentId as LocationId | null,
        })
        if (!check.ok) throw new HubError('failed-precondition', check.message)
        await tx.query(`UPDATE locations SET parent_id = $2 WHERE id = $1`, [locationId, parentId])
        const locationPath = (await locationChain(tx, locationId))?.path ?? []
        await recordChange(tx, {
          kind: 'location',
          resourceId: locationId,
          orgId: ref.orgId,
          locationPath,
          op: 'update',
          body: { id: locationId, parentId, fromPath: [...ref.locationPath] },
          actor: actor.label,
        })
        return locationPath
      })
      return { id: locationId, parentId, path }
    },
  )

  r.delete(
    '/v1/locations/:locationId',
    { schema: { response: NoContent, params: LocParams } },
    async (request, reply) => {
      const actor = actorOf(request)
      const { locationId } = request.params
      const { ref } = await requireAccess(db, actor, 'location.delete', { kind: 'location', id: locationId })
      await db.transaction(async (tx) => {
        // Refused while anything is inside: deleting a location must never take machines with it
        // by surprise. Move or delete them first.
        const inside = await tx.query<{ n: number }>(
          `SELECT (SELECT count(*) FROM locations WHERE parent_id = $1)::int + (SELECT count(*) FROM machines WHERE location_id = $1)::int AS n`,
          [locationId],
        )
        if ((inside[0]?.n ?? 0) > 0)
          throw new HubError(
            'failed-precondition',
            'The location still holds machines or locations; move or delete them first.',
          )
        await tx.query(`DELETE FROM locations WHERE id = $1`, [locationId])
        await recordChange(tx, {
          kind: 'location',
          resourceId: locationId,
          orgId: ref.kind === 'location' ? ref.orgId : null,
          locationPath: pathOf(ref),
          op: 'delete',
          body: { id: locationId },
          actor: actor.label,
        })
      })
      return reply.status(204).send(null)
    },
  )

  r.post(
    '/v1/locations/:locationId/shares',
    { schema: { response: { 201: LocationShareSchema }, params: LocParams, body: ShareBody } },
    async (request, reply) => {
      const actor = actorOf(request)
      const { locationId } = request.params
      const target = request.body.orgId
      const { ref } = await requireAccess(db, actor, 'location.addShared', {
        kind: 'location',
        id: locationId,
      })
      if (ref.kind !== 'location') throw new HubError('internal', 'Not a location.')
      if (target === ref.orgId)
        throw new HubError('invalid-argument', 'A location is always shared with its own organization.', {
          errors: [{ path: 'body.orgId', message: 'the location’s own organization' }],
        })
      await db.transaction(async (tx) => {
        const org = await tx.query(`SELECT 1 FROM organizations WHERE id = $1`, [target])
        if (org.length === 0) throw new HubError('not-found', `Organization ${target} does not exist.`)
        const added = await tx.query(
          `INSERT INTO location_shares (location_id, org_id) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING org_id`,
          [locationId, target],
        )
        if (added.length === 0) return
        await recordChange(tx, {
          kind: 'location-share',
          resourceId: locationId,
          orgId: ref.orgId,
          locationPath: [...ref.locationPath],
          op: 'create',
          body: { locationId, orgId: target },
          actor: actor.label,
        })
      })
      return reply.status(201).send({ locationId, orgId: target })
    },
  )

  r.delete(
    '/v1/locations/:locationId/shares/:orgId',
    { schema: { response: NoContent, params: z.object({ locationId: IdSchema, orgId: IdSchema }) } },
    async (request, reply) => {
      const actor = actorOf(request)
      const { locationId, orgId: target } = request.params
      const { ref } = await requireAccess(db, actor, 'location.removeShared', {
        kind: 'location',
        id: locationId,
      })
      if (ref.kind !== 'location') throw new HubError('internal', 'Not a location.')
      await db.transaction(async (tx) => {
        const removed = await tx.query(
          `DELETE FROM location_shares WHERE location_id = $1 AND org_id = $2 RETURNING org_id`,
          [locationId, target],
        )
        if (removed.length === 0)
          throw new HubError('not-found', `The location is not shared with ${target}.`)
        await recordChange(tx, {
          kind: 'location-share',
          resourceId: locationId,
          orgId: ref.orgId,
          locationPath: [...ref.locationPath],
          op: 'delete',
          body: { locationId, orgId: target },
          actor: actor.label,
        })
      })
      return reply.status(204).send(null)
    },
  )

  const setSupport = async (
    locationId: string,
    on: boolean,
    label: string,
    actorRef: Parameters<typeof actorOf>[0],
  ): Promise<void> => {
    const actor = actorOf(actorRef)
    const { ref } = await requireAccess(db, actor, 'location.editSupportAccess', {
      kind: 'location',
      id: locationId,
    })
    await db.transaction(async (tx) => {
      const changed = on
        ? await tx.query(
            `INSERT INTO support_access (location_id, granted_by) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING location_id`,
            [locationId, label],
          )
        : await tx.query(`DELETE FROM support_access WHERE location_id = $1 RETURNING location_id`, [
            locationId,
          ])
      if (changed.length === 0) return
      await recordChange(tx, {
        kind: 'support-access',
        resourceId: locationId,
        orgId: ref.kind === 'location' ? ref.orgId : null,
        locationPath: pathOf(ref),
        op: on ? 'create' : 'delete',
        body: { locationId, supportAccess: on },
        actor: label,
      })
    })
  }
  r.put(
    '/v1/locations/:locationId/support-access',
    { schema: { response: { 200: SupportAccessSchema }, params: LocParams } },
    async (request) => {
      await setSupport(request.params.locationId, true, actorOf(request).label, request)
      return { locationId: request.params.locationId, supportAccess: true }
    },
  )
  r.delete(
    '/v1/locations/:locationId/support-access',
    { schema: { response: { 200: SupportAccessSchema }, params: LocParams } },
    async (request) => {
      await setSupport(request.params.locationId, false, actorOf(request).label, request)
      return { locationId: request.params.locationId, supportAccess: false }
    },
  )
}
