import { randomUUID } from 'node:crypto'
import { can } from '../../shared/access/can'
import { CoreError } from '../../shared/errors/CoreError'
import type { LocationId, MachineId, PartId } from '../../shared/ids'
import { MOVE_MACHINE_TO } from '../../shared/access/moveMachineRule'
import type { OutboxEdit } from '../cache/OutboxEdit'
import type { HandlersFor } from './CoreDispatcher'
import type { CoreHost } from './CoreHost'

export type FleetEditMethodName = 'createMachine' | 'renameMachine' | 'renamePart' | 'moveMachine'

/** Who local edits are recorded as (the hub records the pushing account as the author). */
export function editAuthor(host: CoreHost): string {
  const identity = host.identity()
  return identity.user?.email ?? identity.label ?? 'local'
}

/**
 * Machines made, renamed and moved on this desktop. Each is checked first (CORE_PERMISSIONS, and
 * the destination of a move here), changes the cache at once (durable, journaled) and waits in the
 * outbox with what it was based on (the previous name or location), so the hub can tell a change
 * made meanwhile. New machines and parts get UUIDs made here: the hub takes them as they are.
 */
export function fleetEditHandlers(host: CoreHost): HandlersFor<FleetEditMethodName> {
  const { cache } = host
  const record = async (edit: OutboxEdit, reason: string): Promise<{ pendingCount: number }> => {
    await cache.saveOutboxEdit({ ...edit, author: editAuthor(host) })
    await afterEdit(reason)
    return { pendingCount: (await cache.listOutbox()).length }
  }
  const afterEdit = async (reason: string): Promise<void> => {
    await host.reload()
    host.events.emit('fleetChanged', { reason })
    await host.outboxChanged()
  }
  return {
    createMachine: async ({ locationId, name }, { location }) => {
      const machineId = randomUUID() as MachineId
      const partId = randomUUID() as PartId
      await cache.addLocalMachine({
        machine: { id: machineId, locationId, name, status: 'never-seen', lastSeenAt: null, version: null },
        part: { id: partId, machineId, name: `${name}-main`, isMain: true, revision: 0 },
        author: editAuthor(host),
      })
      await afterEdit(`${name} added to ${location.name}`)
      return { machineId, partId, pendingCount: (await cache.listOutbox()).length }
    },
    renameMachine: async ({ machineId, name }, { machine }) => {
      if (machine.name === name) return { pendingCount: (await cache.listOutbox()).length }
      return record(
        { kind: 'machine.rename', machineId, name, previousName: machine.name },
        `${machine.name} renamed to ${name}`,
      )
    },
    renamePart: async ({ partId, name }, { part, machine }) => {
      if (part.name === name) return { pendingCount: (await cache.listOutbox()).length }
      return record(
        { kind: 'part.rename', partId, name, previousName: part.name },
        `${part.name} of ${machine.name} renamed to ${name}`,
      )
    },
    moveMachine: async ({ machineId, locationId }, { machine }) => {
      const access = host.access()
      const to = access.locations.get(locationId)
      const from = access.locations.get(machine.locationId)
      if (!to) throw new CoreError('not-found', `No location ${locationId} in the cache.`)
      if (from && from.orgId !== to.orgId)
        throw new CoreError(
          'invalid-argument',
          'A machine can only move to a location of its own organization.',
        )
      const ref = { kind: 'location' as const, orgId: to.orgId, locationPath: access.locationPath(to.id) }
      if (!can(host.identity(), MOVE_MACHINE_TO, ref))
        throw new CoreError(
          'permission-denied',
          `Your role on ${to.name} does not allow you to add machines to it; ask an owner of the location.`,
        )
      if (machine.locationId === locationId) return { pendingCount: (await cache.listOutbox()).length }
      return record(
        {
          kind: 'machine.move',
          machineId,
          locationId: locationId as LocationId,
          previousLocationId: machine.locationId,
        },
        `${machine.name} moved to ${to.name}`,
      )
    },
  }
}
