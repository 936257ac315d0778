import type { Identity, ResourceRef } from '../../shared/access/can'
import { can, machineTabs, strongestRole } from '../../shared/access/can'
import type { GrantResource, Location, Machine, Organization, Part, Role } from '../../shared/domain/model'
import type { LocationId, MachineId, OrgId, PartId } from '../../shared/ids'
import type { FleetTree, LocationNode, MachineCapabilities, MachineSummary } from '../../shared/api/views'
import { assertNever, CoreError } from '../../shared/errors/CoreError'
import type { FleetIndex } from '../cache/types'

/**
 * The cached fleet indexed for access decisions: location paths, resource refs for `can()`, and the
 * tree filtered to what one identity may see. Rebuilt whenever the cached fleet changes.
 */
export class FleetAccess {
  readonly orgs = new Map<OrgId, Organization>()
  readonly locations = new Map<LocationId, Location>()
  readonly machines = new Map<MachineId, Machine>()
  readonly parts = new Map<PartId, Part>()
  readonly partsByMachine = new Map<MachineId, Part[]>()
  private readonly paths = new Map<LocationId, LocationId[]>()

  constructor(index: FleetIndex) {
    for (const o of index.orgs) this.orgs.set(o.id, o)
    for (const l of index.locations) this.locations.set(l.id, l)
    for (const m of index.machines) this.machines.set(m.id, m)
    for (const p of index.parts) {
      this.parts.set(p.id, p)
      const list = this.partsByMachine.get(p.machineId) ?? []
      list.push(p)
      this.partsByMachine.set(p.machineId, list)
    }
    for (const list of this.partsByMachine.values())
      list.sort((a, b) => Number(b.isMain) - Number(a.isMain) || a.name.localeCompare(b.name))
  }

  orgOf(resource: GrantResource): OrgId | undefined {
    switch (resource.kind) {
      case 'organization':
        return resource.id
      case 'location':
        return this.locations.get(resource.id)?.orgId
      case 'machine': {
        const machine = this.machines.get(resource.id)
        return machine && this.locations.get(machine.locationId)?.orgId
      }
      default:
        return assertNever(resource, 'grant resource')
    }
  }

  get isEmpty(): boolean {
    return this.orgs.size === 0
  }

  /** Root first, ending with the location itself. */
  locationPath(id: LocationId): LocationId[] {
    const cached = this.paths.get(id)
    if (cached) return cached
    const path: LocationId[] = []
    let current: Location | undefined = this.locations.get(id)
    while (current && path.length <= 16) {
      path.unshift(current.id)
      current = current.parentId ? this.locations.get(current.parentId) : undefined
    }
    this.paths.set(id, path)
    return path
  }

  machineRef(machine: Machine): ResourceRef & { kind: 'machine' } {
    const location = this.locations.get(machine.locationId)
    if (!location)
      throw new CoreError('internal', `Machine ${machine.id} is in an unknown location ${machine.locationId}`)
    return {
      kind: 'machine',
      orgId: location.orgId,
      locationPath: this.locationPath(location.id),
      machineId: machine.id,
    }
  }

  /** A machine the identity may see; anything else is reported as not found, so ids leak nothing. */
  visibleMachine(identity: Identity, machineId: MachineId): Machine {
    const machine = this.machines.get(machineId)
    if (!machine || !can(identity, 'machine.control', this.machineRef(machine))) {
      throw new CoreError('not-found', `No machine ${machineId} that you can see in the cache.`)
    }
    return machine
  }

  visiblePart(identity: Identity, partId: PartId): { part: Part; machine: Machine } {
    const part = this.parts.get(partId)
    if (!part) throw new CoreError('not-found', `No part ${partId} in the cache.`)
    return { part, machine: this.visibleMachine(identity, part.machineId) }
  }

  capabilities(identity: Identity, machine: Machine): MachineCapabilities {
    const ref = this.machineRef(machine)
    return {
      tabs: machineTabs(identity, ref),
      canEditConfig: can(identity, 'machine.editConfig', ref),
      canRestart: can(identity, 'machine.restart', ref),
      canRename: can(identity, 'machine.editName', ref),
      canDelete: can(identity, 'machine.delete', ref),
      canControl: can(identity, 'machine.control', ref),
    }
  }

  /** Refuses with a message that says what the role lacks, for the UI's toast. */
  require(identity: Identity, action: Parameters<typeof can>[1], machine: Machine, what: string): void {
    if (!can(identity, action, this.machineRef(machine))) {
      throw new CoreError(
        'permission-denied',
        `Your role on ${machine.name} does not allow you to ${what}; ask an owner of the machine, its location or organization.`,
      )
    }
  }

  roleOn(identity: Identity, machine: Machine): ReturnType<typeof strongestRole> {
    return strongestRole(identity, this.machineRef(machine))
  }

  summarize(machine: Machine, pendingEdits: number): MachineSummary {
    const parts = this.partsByMachine.get(machine.id) ?? []
    const main = parts.find((p) => p.isMain) ?? parts[0]
    return {
      id: machine.id,
      locationId: machine.locationId,
      name: machine.name,
      status: machine.status,
      lastSeenAt: machine.lastSeenAt,
      version: machine.version,
      revision: main?.revision ?? 0,
      parts: parts.map((p) => ({ id: p.id, name: p.name, isMain: p.isMain })),
      pendingEdits,
    }
  }

  locationNode(l: Location): LocationNode {
    return { id: l.id, orgId: l.orgId, parentId: l.parentId, name: l.name }
  }

  /**
   * What the identity may see: machines it may control (every role may), the locations on their
   * paths and the locations its grants reach (with their sub-locations), and the organizations
   * holding any of those. A grant on a child location reveals nothing of its parent's machines.
   */
  tree(identity: Identity, pending: Map<MachineId, number>): FleetTree {
    const visibleLocations = new Set<LocationId>()
    const machines: MachineSummary[] = []
    for (const machine of this.machines.values()) {
      if (!can(identity, 'machine.control', this.machineRef(machine))) continue
      machines.push(this.summarize(machine, pending.get(machine.id) ?? 0))
      for (const id of this.locationPath(machine.locationId)) visibleLocations.add(id)
    }
    for (const g of identity.grants) {
      const reached =
        g.resource.kind === 'organization'
          ? [...this.locations.values()].filter((l) => l.orgId === g.resource.id).map((l) => l.id)
          : g.resource.kind === 'location'
            ? [...this.locations.values()]
                .filter((l) => this.locationPath(l.id).includes(g.resource.id as LocationId))
                .map((l) => l.id)
            : []
      for (const id of reached) for (const p of this.locationPath(id)) visibleLocations.add(p)
    }
    const orgIds = new Set<OrgId>()
    const locations: LocationNode[] = []
    for (const id of visibleLocations) {
      const l = this.locations.get(id)
      if (!l) continue
      locations.push(this.locationNode(l))
      orgIds.add(l.orgId)
    }
    for (const g of identity.grants) if (g.resource.kind === 'organization') orgIds.add(g.resource.id)
    const orgs = [...orgIds]
      .map((id) => this.orgs.get(id))
      .filter((o): o is Organization => o !== undefined)
      .map((o) => ({ id: o.id, name: o.name, role: orgRole(identity, o.id) }))
      .sort((a, b) => a.name.localeCompare(b.name))
    return { orgs, locations, machines }
  }
}

/** The strongest role held on the organization itself (not on something inside it). */
function orgRole(identity: Identity, orgId: OrgId): Role | null {
  let role: Role | null = null
  for (const g of identity.grants) {
    if (g.resource.kind !== 'organization' || g.resource.id !== orgId) continue
    if (g.role === 'owner') return 'owner'
    role = 'operator'
  }
  return role
}
