import { MOVE_MACHINE_FROM, MOVE_MACHINE_TO } from '../../shared/access/moveMachineRule'
import { requireAccess } from '../access/requireAccess'
import type { Actor } from '../auth/Actor'
import { recordChange } from '../changes/recordChange'
import type { SealKey } from '../core/sealSecret'
import { HubError } from '../core/HubError'
import type { Queryable } from '../db/Db'
import { machinePlace } from '../fleet/machineChange'
import { insertPart, partView } from '../fleet/parts'
import type { PushEdit, PushOutcome } from './pushEdit'

// Pushed creates and moves of machines and parts (the desktop's offline "add a robot", "new
// machine", "move"). Each is checked as its route checks it, runs inside the push's transaction
// (applyPush.ts records the outcome with it), and writes the change rows the routes write, so
// other desktops see it in their feed. Ids come from the desktop: a create whose machine or part
// already exists as the edit describes it is `unchanged` (pushed again from another cache file),
// one that names an existing id for something else is refused.

type EditResult = Omit<PushOutcome, 'clientId' | 'seq'>
export type FleetEdit = Extract<PushEdit, { kind: 'machine.create' | 'part.create' | 'machine.move' }>

export function applyFleetEdit(
  tx: Queryable,
  actor: Actor,
  sealKey: SealKey,
  edit: FleetEdit,
): Promise<EditResult> {
  switch (edit.kind) {
    case 'machine.create':
      return createMachine(tx, actor, edit)
    case 'part.create':
      return createPart(tx, actor, sealKey, edit)
    case 'machine.move':
      return moveMachine(tx, actor, edit)
  }
}

async function createMachine(
  tx: Queryable,
  actor: Actor,
  edit: Extract<FleetEdit, { kind: 'machine.create' }>,
): Promise<EditResult> {
  const { machineId } = edit.target
  const { locationId, name } = edit.body
  const { ref } = await requireAccess(tx, actor, 'location.createMachine', {
    kind: 'location',
    id: locationId,
  })
  if (ref.kind !== 'location') throw new HubError('internal', 'Not a location.')
  if (await alreadyMade(tx, 'machine', machineId, locationId, name)) return { status: 'unchanged' }
  await tx.query(`INSERT INTO machines (id, org_id, location_id, name) VALUES ($1, $2, $3, $4)`, [
    machineId,
    ref.orgId,
    locationId,
    name,
  ])
  await recordChange(tx, {
    kind: 'machine',
    resourceId: machineId,
    orgId: ref.orgId,
    locationPath: [...ref.locationPath],
    machineId,
    op: 'create',
    body: { id: machineId, locationId, name },
    actor: actor.label,
  })
  return { status: 'applied' }
}

async function createPart(
  tx: Queryable,
  actor: Actor,
  sealKey: SealKey,
  edit: Extract<FleetEdit, { kind: 'part.create' }>,
): Promise<EditResult> {
  const { partId } = edit.target
  const { machineId, name, main } = edit.body
  const { ref } = await requireAccess(tx, actor, 'machine.addPart', { kind: 'machine', id: machineId })
  if (await alreadyMade(tx, 'part', partId, machineId, name)) return { status: 'unchanged' }
  const part = await insertPart(tx, sealKey, machineId, name, main, partId)
  await recordChange(tx, {
    kind: 'part',
    resourceId: partId,
    ...machinePlace(ref),
    op: 'create',
    body: partView(part),
    actor: actor.label,
  })
  return { status: 'applied' }
}

/**
 * Whether the create was made already (the id exists under the same parent with the same name:
 * the same create pushed again). An id that exists for something else is refused.
 */
async function alreadyMade(
  tx: Queryable,
  kind: 'machine' | 'part',
  id: string,
  parentId: string,
  name: string,
): Promise<boolean> {
  const sql =
    kind === 'machine'
      ? `SELECT location_id AS parent, name FROM machines WHERE id = $1 FOR UPDATE`
      : `SELECT machine_id AS parent, name FROM parts WHERE id = $1 FOR UPDATE`
  const existing = (await tx.query<{ parent: string; name: string }>(sql, [id]))[0]
  if (!existing) return false
  if (existing.parent === parentId && existing.name === name) return true
  throw new HubError('conflict', `Another ${kind} already has the id ${id}; it was not created again.`)
}

async function moveMachine(
  tx: Queryable,
  actor: Actor,
  edit: Extract<FleetEdit, { kind: 'machine.move' }>,
): Promise<EditResult> {
  const { machineId } = edit.target
  const { locationId, previousLocationId } = edit.body
  await requireAccess(tx, actor, MOVE_MACHINE_FROM, { kind: 'machine', id: machineId })
  const { ref: to } = await requireAccess(tx, actor, MOVE_MACHINE_TO, { kind: 'location', id: locationId })
  if (to.kind !== 'location') throw new HubError('internal', 'Not a location.')
  const row = (
    await tx.query<{ org_id: string; location_id: string; name: string }>(
      `SELECT org_id, location_id, name FROM machines WHERE id = $1 FOR UPDATE`,
      [machineId],
    )
  )[0]
  if (!row) throw new HubError('not-found', 'The machine does not exist or is not visible to you.')
  if (row.location_id === locationId) return { status: 'unchanged' }
  if (row.org_id !== to.orgId)
    throw new HubError(
      'failed-precondition',
      'A machine can only move to a location of its own organization.',
    )
  if (previousLocationId !== undefined && row.location_id !== previousLocationId) {
    // Moved on the hub meanwhile: taking either place silently would lose the other move.
    throw new HubError('conflict', 'The machine was moved to another location meanwhile; move it again.')
  }
  await tx.query(`UPDATE machines SET location_id = $2 WHERE id = $1`, [machineId, locationId])
  // Recorded at the new place: a desktop that cannot see it there receives a removal instead.
  await recordChange(tx, {
    kind: 'machine',
    resourceId: machineId,
    orgId: to.orgId,
    locationPath: [...to.locationPath],
    machineId,
    op: 'update',
    body: { id: machineId, locationId, name: row.name },
    actor: actor.label,
  })
  return { status: 'applied' }
}
