import type { ResourceRef } from '../../shared/access/can'
import type { LocationId, MachineId, OrgId } from '../../shared/ids'
import type { Queryable } from '../db/Db'
import { chainsFrom, locationChain, textArray } from './fleetPaths'

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

// A machine's or a part's place in one statement (chainsFrom): its machine, locations and shares.
const MACHINE_START = `SELECT 'm'::text, location_id, id FROM machines WHERE id = $1`
const PART_START = `SELECT 'p'::text, m.location_id, m.id FROM parts p JOIN machines m ON m.id = p.machine_id WHERE p.id = $1`

async function machineRef(db: Queryable, start: string, id: string): Promise<Loaded | null> {
  const chain = [...(await chainsFrom(db, start, [id])).values()][0]
  if (!chain?.machineId) return null
  return {
    ref: {
      kind: 'machine',
      orgId: chain.orgId,
      locationPath: chain.path,
      machineId: chain.machineId as MachineId,
      sharedWith: chain.sharedWith,
    },
    machineId: chain.machineId,
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
    case 'machine':
      return machineRef(db, MACHINE_START, target.id)
    case 'part': {
      const loaded = await machineRef(db, PART_START, target.id)
      return loaded ? { ...loaded, partId: target.id } : null
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

/**
 * Root-first location paths of the identity's location and machine grants (for visibility), in one
 * statement whatever the number of grants.
 */
export async function grantPaths(
  db: Queryable,
  grants: readonly { resource: { kind: string; id: string } }[],
): Promise<LocationId[][]> {
  const locations = grants.filter((g) => g.resource.kind === 'location').map((g) => g.resource.id)
  const machines = grants.filter((g) => g.resource.kind === 'machine').map((g) => g.resource.id)
  if (locations.length === 0 && machines.length === 0) return []
  const chains = await chainsFrom(
    db,
    `SELECT 'l:' || l.id, l.id, NULL::text FROM locations l WHERE l.id = ANY($1::text[])
     UNION ALL
     SELECT 'm:' || m.id, m.location_id, m.id FROM machines m WHERE m.id = ANY($2::text[])`,
    [textArray(locations), textArray(machines)],
  )
  return [...chains.values()].map((c) => c.path)
}
