import type { FleetTree, MachineSummary, PartSummary } from '../../../shared/api/views'

export type TreeNodeKind = 'org' | 'location' | 'machine' | 'part'

export interface TreeNode {
  /** `${kind}:${id}`: ids of different kinds may collide, keys never do. */
  key: string
  kind: TreeNodeKind
  id: string
  name: string
  parentKey: string | null
  childKeys: string[]
  /** Lower-cased name and id, computed once so that filtering 10,000 machines per keystroke is cheap. */
  searchText: string
  /** Machines at or below this node (1 for a machine, 0 for a part). */
  machineCount: number
  machine: MachineSummary | null
  part: PartSummary | null
}

export interface FleetIndex {
  nodes: ReadonlyMap<string, TreeNode>
  rootKeys: readonly string[]
  machines: ReadonlyMap<string, MachineSummary>
}

export const nodeKey = (kind: TreeNodeKind, id: string): string => `${kind}:${id}`

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' })
const byName = (a: { name: string }, b: { name: string }): number => collator.compare(a.name, b.name)

function makeNode(
  kind: TreeNodeKind,
  id: string,
  name: string,
  parentKey: string | null,
  extra: { machine?: MachineSummary; part?: PartSummary } = {},
): TreeNode {
  return {
    key: nodeKey(kind, id),
    kind,
    id,
    name,
    parentKey,
    childKeys: [],
    // Parts are not searched: their ids repeat the machine's, and a search should land on machines.
    searchText: kind === 'part' ? '' : `${name}\n${id}`.toLowerCase(),
    machineCount: kind === 'machine' ? 1 : 0,
    machine: extra.machine ?? null,
    part: extra.part ?? null,
  }
}

/**
 * Turns the flat lists the core sends into a tree: org > nested locations > machines > parts (parts
 * only for machines with more than one). The core filters by permission, so a location may arrive
 * without its parent (a grant on a child location does not reveal the parent): it then hangs
 * directly under its organization. Children are sorted by name, locations before machines.
 */
export function buildFleetIndex(tree: FleetTree): FleetIndex {
  const nodes = new Map<string, TreeNode>()
  const rootKeys: string[] = []
  const machines = new Map<string, MachineSummary>()

  for (const org of [...tree.orgs].sort(byName)) {
    const node = makeNode('org', org.id, org.name, null)
    nodes.set(node.key, node)
    rootKeys.push(node.key)
  }
  const orgKeyFor = (orgId: string): string => {
    const key = nodeKey('org', orgId)
    if (!nodes.has(key)) {
      // A location of an organization the identity cannot see as a whole (a shared location).
      nodes.set(key, makeNode('org', orgId, orgId, null))
      rootKeys.push(key)
    }
    return key
  }

  const locationIds = new Set(tree.locations.map((l) => l.id as string))
  const sortedLocations = [...tree.locations].sort(byName)
  for (const loc of sortedLocations) {
    const parentKey =
      loc.parentId !== null && locationIds.has(loc.parentId)
        ? nodeKey('location', loc.parentId)
        : orgKeyFor(loc.orgId)
    nodes.set(nodeKey('location', loc.id), makeNode('location', loc.id, loc.name, parentKey))
  }
  // Link after creating all, so a child sorted before its parent still finds it.
  for (const loc of sortedLocations) {
    const node = nodes.get(nodeKey('location', loc.id))
    if (node?.parentKey) nodes.get(node.parentKey)?.childKeys.push(node.key)
  }

  let orphanParent: string | null = null
  for (const m of [...tree.machines].sort(byName)) {
    machines.set(m.id, m)
    let parentKey = nodeKey('location', m.locationId)
    if (!nodes.has(parentKey)) {
      // Should not happen (the core sends each visible machine's location); never hide a machine.
      if (!orphanParent) {
        const orphan = makeNode('org', '(unplaced)', 'Machines without a visible location', null)
        nodes.set(orphan.key, orphan)
        rootKeys.push(orphan.key)
        orphanParent = orphan.key
      }
      parentKey = orphanParent
    }
    const node = makeNode('machine', m.id, m.name, parentKey, { machine: m })
    nodes.set(node.key, node)
    nodes.get(parentKey)?.childKeys.push(node.key)
    if (m.parts.length > 1) {
      const parts = [...m.parts].sort((a, b) => Number(b.isMain) - Number(a.isMain) || byName(a, b))
      for (const p of parts) {
        const partNode = makeNode('part', p.id, p.name, node.key, { machine: m, part: p })
        nodes.set(partNode.key, partNode)
        node.childKeys.push(partNode.key)
      }
    }
    for (let k: string | null = parentKey; k; k = nodes.get(k)?.parentKey ?? null) {
      const ancestor = nodes.get(k)
      if (ancestor) ancestor.machineCount += 1
    }
  }
  return { nodes, rootKeys, machines }
}

/** Keys from the root down to (not including) the node: what must be expanded to reveal it. */
export function ancestorKeys(index: FleetIndex, key: string): string[] {
  const out: string[] = []
  for (let k = index.nodes.get(key)?.parentKey ?? null; k; k = index.nodes.get(k)?.parentKey ?? null)
    out.push(k)
  return out.reverse()
}

/** Every machine at or below a node, in tree order. */
export function machinesUnder(index: FleetIndex, key: string): MachineSummary[] {
  const out: MachineSummary[] = []
  const stack = [key]
  while (stack.length > 0) {
    const node = index.nodes.get(stack.pop() as string)
    if (!node) continue
    if (node.kind === 'machine' && node.machine) {
      out.push(node.machine)
      continue
    }
    for (let i = node.childKeys.length - 1; i >= 0; i--) stack.push(node.childKeys[i] as string)
  }
  return out
}

/** Names from the organization down to the machine's location, e.g. ["Acme", "Plant 1", "Line A"]. */
export function pathNames(index: FleetIndex, key: string): string[] {
  return ancestorKeys(index, key).map((k) => index.nodes.get(k)?.name ?? '')
}
