import type { FleetTree, LocationNode, MachineSummary, OrgNode } from '../../../src/shared/api/views'
import type { MachineStatus } from '../../../src/shared/domain/model'
import type { LocationId, MachineId, OrgId, PartId } from '../../../src/shared/ids'

export const org = (id: string, name: string): OrgNode => ({ id: id as OrgId, name, role: 'owner' })

export const loc = (
  id: string,
  orgId: string,
  name: string,
  parentId: string | null = null,
): LocationNode => ({
  id: id as LocationId,
  orgId: orgId as OrgId,
  parentId: parentId as LocationId | null,
  name,
})

export function machine(
  id: string,
  locationId: string,
  name: string,
  opts: {
    parts?: number
    status?: MachineStatus
    pending?: number
    lastSeenAt?: string | null
    version?: string
  } = {},
): MachineSummary {
  const parts = Array.from({ length: opts.parts ?? 1 }, (_, i) => ({
    id: `${id}-p${i}` as PartId,
    name: i === 0 ? 'main' : `aux-${i}`,
    isMain: i === 0,
  }))
  return {
    id: id as MachineId,
    locationId: locationId as LocationId,
    name,
    status: opts.status ?? 'online',
    lastSeenAt: opts.lastSeenAt === undefined ? '2026-11-20T10:00:00Z' : opts.lastSeenAt,
    version: opts.version ?? '1.0.0',
    revision: 3,
    parts,
    pendingEdits: opts.pending ?? 0,
  }
}

/**
 * Acme: Detroit > Hall A > (arm-2, arm-10 with two parts), Detroit > picker-1; Lyon (empty).
 * Globex: Bench > probe-1.
 */
export function smallFleet(): FleetTree {
  return {
    orgs: [org('org-globex', 'Globex'), org('org-acme', 'Acme')],
    locations: [
      loc('loc-hall-a', 'org-acme', 'Hall A', 'loc-detroit'),
      loc('loc-detroit', 'org-acme', 'Detroit'),
      loc('loc-lyon', 'org-acme', 'Lyon'),
      loc('loc-bench', 'org-globex', 'Bench'),
    ],
    machines: [
      machine('m-arm-10', 'loc-hall-a', 'arm-10', { parts: 2 }),
      machine('m-arm-2', 'loc-hall-a', 'arm-2', { status: 'offline' }),
      machine('m-picker-1', 'loc-detroit', 'picker-1'),
      machine('m-probe-1', 'loc-bench', 'probe-1', { status: 'never-seen', lastSeenAt: null }),
    ],
  }
}

/** A big fleet, shaped like the fixture: orgs > sites > halls > lines > machines. */
export function bigFleet(machines: number): FleetTree {
  const tree: FleetTree = { orgs: [], locations: [], machines: [] }
  const lines: string[] = []
  for (let o = 0; o < 3; o++) {
    tree.orgs.push(org(`org-${o}`, `Org ${o}`))
    for (let s = 0; s < 3; s++) {
      const site = `loc-${o}-${s}`
      tree.locations.push(loc(site, `org-${o}`, `Site ${s}`))
      for (let h = 0; h < 3; h++) {
        const hall = `${site}-${h}`
        tree.locations.push(loc(hall, `org-${o}`, `Hall ${h}`, site))
        for (let l = 0; l < 4; l++) {
          const line = `${hall}-${l}`
          tree.locations.push(loc(line, `org-${o}`, `Line ${l}`, hall))
          lines.push(line)
        }
      }
    }
  }
  for (let i = 0; i < machines; i++) {
    const id = String(i).padStart(5, '0')
    tree.machines.push(
      machine(`m-${id}`, lines[i % lines.length] as string, `robot-${id}`, { parts: i % 10 === 0 ? 2 : 1 }),
    )
  }
  return tree
}
