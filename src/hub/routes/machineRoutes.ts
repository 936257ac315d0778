import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { can, machineTabs, type ResourceRef } from '../../shared/access/can'
import type { MachineId } from '../../shared/ids'
import { requireAccess, requireVisible } from '../access/requireAccess'
import { actorOf } from '../auth/authenticate'
import { recordChange } from '../changes/recordChange'
import { machinePlace } from '../fleet/machineChange'
import { insertPart, partsOf, partView } from '../fleet/parts'
import { newId } from '../core/ids'
import type { HubContext } from './HubContext'
import { HubError } from '../core/HubError'
import { idParams, NameSchema, RenameBody } from './routeKit'
import {
  MachineCreatedSchema,
  MachineDetailSchema,
  MachineListSchema,
  NamedSchema,
  NoContent,
  RestartSchema,
} from './replySchemas'

const LocParams = idParams('locationId')
const MachineParams = idParams('machineId')
const CreateBody = z.object({ name: NameSchema, mainPartName: NameSchema.optional() }).strict()

interface MachineRow {
  id: string
  location_id: string
  name: string
  restart_requested_at: Date | null
}

const iso = (d: Date | null): string | null => (d === null ? null : new Date(d).toISOString())

/** Machines: list in a location, get, create (location.createMachine), rename, delete, restart. */
export async function machineRoutes(app: FastifyInstance, { db, sealKey }: HubContext): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>()

  r.get(
    '/v1/locations/:locationId/machines',
    { schema: { response: { 200: MachineListSchema }, params: LocParams } },
    async (request) => {
      const actor = actorOf(request)
      const { ref } = await requireVisible(db, actor, { kind: 'location', id: request.params.locationId })
      if (ref.kind !== 'location') throw new HubError('internal', 'Not a location.')
      const rows = await db.query<MachineRow>(
        `SELECT id, location_id, name, restart_requested_at FROM machines WHERE location_id = $1 ORDER BY name, id`,
        [request.params.locationId],
      )
      // A child location's grant shows the parent location, never the parent's machines.
      const machines = rows.filter((m) =>
        can(actor.identity, 'machine.control', {
          kind: 'machine',
          orgId: ref.orgId,
          locationPath: ref.locationPath,
          machineId: m.id as MachineId,
          sharedWith: ref.sharedWith ?? [],
        }),
      )
      return { machines: machines.map((m) => ({ id: m.id, locationId: m.location_id, name: m.name })) }
    },
  )

  r.get(
    '/v1/machines/:machineId',
    { schema: { response: { 200: MachineDetailSchema }, params: MachineParams } },
    async (request) => {
      const actor = actorOf(request)
      const { ref } = await requireAccess(db, actor, 'machine.control', {
        kind: 'machine',
        id: request.params.machineId,
      })
      const rows = await db.query<MachineRow>(
        `SELECT id, location_id, name, restart_requested_at FROM machines WHERE id = $1`,
        [request.params.machineId],
      )
      const m = rows[0]
      if (!m || ref.kind !== 'machine')
        throw new HubError('not-found', 'The machine does not exist or is not visible to you.')
      return {
        id: m.id,
        locationId: m.location_id,
        name: m.name,
        restartRequestedAt: iso(m.restart_requested_at),
        tabs: machineTabs(actor.identity, ref),
        parts: (await partsOf(db, m.id)).map(partView),
      }
    },
  )

  r.post(
    '/v1/locations/:locationId/machines',
    { schema: { response: { 201: MachineCreatedSchema }, params: LocParams, body: CreateBody } },
    async (request, reply) => {
      const actor = actorOf(request)
      const { locationId } = request.params
      const { ref } = await requireAccess(db, actor, 'location.createMachine', {
        kind: 'location',
        id: locationId,
      })
      if (ref.kind !== 'location') throw new HubError('internal', 'Not a location.')
      const id = newId('mch')
      const name = request.body.name
      const part = await db.transaction(async (tx) => {
        await tx.query(`INSERT INTO machines (id, org_id, location_id, name) VALUES ($1, $2, $3, $4)`, [
          id,
          ref.orgId,
          locationId,
          name,
        ])
        const main = await insertPart(tx, sealKey, id, request.body.mainPartName ?? `${name}-main`, true)
        const place = { orgId: ref.orgId, locationPath: [...ref.locationPath], machineId: id }
        await recordChange(tx, {
          kind: 'machine',
          resourceId: id,
          ...place,
          op: 'create',
          body: { id, locationId, name },
          actor: actor.label,
        })
        await recordChange(tx, {
          kind: 'part',
          resourceId: main.id,
          ...place,
          op: 'create',
          body: partView(main),
          actor: actor.label,
        })
        return main
      })
      return reply.status(201).send({ id, locationId, name, parts: [partView(part)] })
    },
  )

  const mutate = async (
    request: Parameters<typeof actorOf>[0],
    action: 'machine.editName' | 'machine.delete' | 'machine.restart',
    machineId: string,
    run: (ref: ResourceRef) => Promise<void>,
  ): Promise<void> => {
    const { ref } = await requireAccess(db, actorOf(request), action, { kind: 'machine', id: machineId })
    await run(ref)
  }

  r.patch(
    '/v1/machines/:machineId',
    { schema: { response: { 200: NamedSchema }, params: MachineParams, body: RenameBody } },
    async (request) => {
      const actor = actorOf(request)
      const { machineId } = request.params
      await mutate(request, 'machine.editName', machineId, (ref) =>
        db.transaction(async (tx) => {
          await tx.query(`UPDATE machines SET name = $2 WHERE id = $1`, [machineId, request.body.name])
          await recordChange(tx, {
            kind: 'machine',
            resourceId: machineId,
            ...machinePlace(ref),
            op: 'update',
            body: { id: machineId, name: request.body.name },
            actor: actor.label,
          })
        }),
      )
      return { id: machineId, name: request.body.name }
    },
  )

  r.delete(
    '/v1/machines/:machineId',
    { schema: { response: NoContent, params: MachineParams } },
    async (request, reply) => {
      const actor = actorOf(request)
      const { machineId } = request.params
      await mutate(request, 'machine.delete', machineId, (ref) =>
        db.transaction(async (tx) => {
          // Grants on the machine go with it; its parts and their configs by ON DELETE CASCADE.
          await tx.query(`DELETE FROM grants WHERE resource_kind = 'machine' AND resource_id = $1`, [
            machineId,
          ])
          await tx.query(`DELETE FROM machines WHERE id = $1`, [machineId])
          await recordChange(tx, {
            kind: 'machine',
            resourceId: machineId,
            ...machinePlace(ref),
            op: 'delete',
            body: { id: machineId },
            actor: actor.label,
          })
        }),
      )
      return reply.status(204).send(null)
    },
  )

  r.post(
    '/v1/machines/:machineId/restart',
    { schema: { response: { 202: RestartSchema }, params: MachineParams } },
    async (request, reply) => {
      const actor = actorOf(request)
      const { machineId } = request.params
      const at = new Date().toISOString()
      // Recorded as a request: the agent learns of it from its config poll or the feed and restarts.
      await mutate(request, 'machine.restart', machineId, (ref) =>
        db.transaction(async (tx) => {
          await tx.query(`UPDATE machines SET restart_requested_at = $2 WHERE id = $1`, [machineId, at])
          await recordChange(tx, {
            kind: 'machine',
            resourceId: machineId,
            ...machinePlace(ref),
            op: 'update',
            body: { id: machineId, restartRequestedAt: at },
            actor: actor.label,
          })
        }),
      )
      return reply.status(202).send({ id: machineId, restartRequestedAt: at })
    },
  )
}
