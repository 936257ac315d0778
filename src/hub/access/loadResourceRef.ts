import type { ResourceRef } from '../../shared/access/can'
import type { LocationId, MachineId, OrgId } from '../../shared/ids'
import type { Queryable } from '../db/Db'
import { locationChain } from './fleetPaths'

/** What a route names; parts and fragments resolve to the resource the seed's rows are about. */
export type Target =
  | { kind: 'platform' }
  | { kind: 'organization'; id: string }
  | { kind: 'location'; id: string }
  | { kind: 'machine'; id: string }
  /** A part's questions are its machine's (the seed's "Machines" rows). */
  | { kind: 'part'; id: string }
  | { kind: 'fragment'; id: string }
  /** Fragments or packages of an organization as a whole (creating one, listing them). */
  | { kind: 'org-fragments'; orgId: string }
  | { kind: 'org-packages'; orgId: string }
  | { kind: 'package'; id: string }

export interface Loaded {
  ref: ResourceRef
  /** Set for machine and part targets. */
  machineId?: string
  partId?: string
}

async function machineRef(db: Queryable, machineId: string): Promise<ResourceRef | null> {
  const rows = await db.query<{ location_id: string }>(`SELECT location_id FROM machines WHERE id = $1`, [
    machineId,
  ])
  const row = rows[0]
  if (!row) return null
  const chain = await locationChain(db, row.location_id)
  if (!chain) return null
  return {
    kind: 'machine',
    orgId: chain.orgId,
    locationPath: chain.path,
    machineId: machineId as MachineId,
    sharedWith: chain.sharedWith,
  }
}

async function orgExists(db: Queryable, orgId: string): Promise<boolean> {
  return (await db.query(`SELECT 1 FROM organizations WHERE id = $1`, [orgId])).length > 0
}

/** Loads the ref `can()` needs for a target, or null when the target does not exist. */
export async function loadResourceRef(db: Queryable, target: Target): Promise<Loaded | null> {
  switch (target.kind) {
    case 'platform':
      return { ref: { kind: 'platform' } }
    case 'organization':
      return (await orgExists(db, target.id))
        ? { ref: { kind: 'organization', orgId: target.id as OrgId } }
        : null
    case 'org-fragments':
      return (await orgExists(db, target.orgId))
        ? { ref: { kind: 'fragment', orgId: target.orgId as OrgId } }
        : null
    case 'org-packages':
      return (await orgExists(db, target.orgId))
        ? { ref: { kind: 'package', orgId: target.orgId as OrgId } }
        : null
    case 'location': {
      const chain = await locationChain(db, target.id)
      if (!chain) return null
      return {
        ref: { kind: 'location', orgId: chain.orgId, locationPath: chain.path, sharedWith: chain.sharedWith },
      }
    }
    case 'machine': {
      const ref = await machineRef(db, target.id)
      return ref ? { ref, machineId: target.id } : null
    }
    case 'part': {
      const rows = await db.query<{ machine_id: string }>(`SELECT machine_id FROM parts WHERE id = $1`, [
        target.id,
      ])
      const row = rows[0]
      if (!row) return null
      const ref = await machineRef(db, row.machine_id)
      return ref ? { ref, machineId: row.machine_id, partId: target.id } : null
    }
    case 'fragment': {
      const rows = await db.query<{ org_id: string }>(`SELECT org_id FROM fragments WHERE id = $1`, [
        target.id,
      ])
      const row = rows[0]
      return row ? { ref: { kind: 'fragment', orgId: row.org_id as OrgId } } : null
    }
    case 'package': {
      // The packages table is the administration area's (migrations 030–039); until it exists a
      // package target is simply absent. Asked first, since a failed query would abort a transaction.
      const table = await db.query<{ t: string | null }>(`SELECT to_regclass('packages')::text AS t`)
      if (!table[0]?.t) return null
      const rows = await db.query<{ org_id: string }>(`SELECT org_id FROM packages WHERE id = $1`, [
        target.id,
      ])
      const row = rows[0]
      return row ? { ref: { kind: 'package', orgId: row.org_id as OrgId } } : null
    }
  }
}

/** Root-first location paths of the identity's location and machine grants (for visibility). */
export async function grantPaths(
  db: Queryable,
  grants: readonly { resource: { kind: string; id: string } }[],
): Promise<LocationId[][]> {
  const out: LocationId[][] = []
  for (const g of grants) {
    if (g.resource.kind === 'location') {
      const chain = await locationChain(db, g.resource.id)
      if (chain) out.push(chain.path)
    } else if (g.resource.kind === 'machine') {
      const ref = await machineRef(db, g.resource.id)
      if (ref && ref.kind === 'machine') out.push([...ref.locationPath])
    }
  }
  return out
}
