import type { MachineSummary, PartSummary } from '../../../shared/api/views'
import type { FleetIndex, TreeNode, TreeNodeKind } from '../state/buildFleetIndex'

/** One visible line of the sidebar tree. */
export interface TreeRow {
  key: string
  kind: TreeNodeKind
  id: string
  name: string
  depth: number
  parentKey: string | null
  expandable: boolean
  expanded: boolean
  /** The row itself matches the search (as opposed to being shown as an ancestor or descendant). */
  matched: boolean
  machineCount: number
  machine: MachineSummary | null
  part: PartSummary | null
}

export interface TreeViewState {
  expanded: ReadonlySet<string>
  /** Search text as typed; matched case-insensitively against names and ids. */
  query: string
  /**
   * Nodes the user collapsed while searching. A search opens every node with a match below it; this
   * lets the user close one of those again without clearing the search.
   */
  searchCollapsed: ReadonlySet<string>
}

/**
 * The tree as the list of rows to draw, for the virtualized sidebar. Without a search: every root and
 * the children of expanded nodes. With one: the nodes whose name or id matches, their ancestors
 * (opened, so the match is visible), and their descendants (shown when the user opens a match, so
 * searching for a location still lets you browse it). Pure and O(nodes), so it can run per keystroke.
 */
export function flattenFleetTree(index: FleetIndex, view: TreeViewState): TreeRow[] {
  const q = view.query.trim().toLowerCase()
  const rows: TreeRow[] = []
  const matchBelow = q ? markMatchesBelow(index, q) : null

  const visit = (node: TreeNode, depth: number, ancestorMatched: boolean): void => {
    const matched = q !== '' && node.searchText.includes(q)
    const hasMatchBelow = matchBelow?.has(node.key) ?? false
    if (matchBelow && !matched && !hasMatchBelow && !ancestorMatched) return
    const expandable = node.childKeys.length > 0
    const expanded =
      expandable && (view.expanded.has(node.key) || (hasMatchBelow && !view.searchCollapsed.has(node.key)))
    rows.push({
      key: node.key,
      kind: node.kind,
      id: node.id,
      name: node.name,
      depth,
      parentKey: node.parentKey,
      expandable,
      expanded,
      matched,
      machineCount: node.machineCount,
      machine: node.machine,
      part: node.part,
    })
    if (!expanded) return
    for (const childKey of node.childKeys) {
      const child = index.nodes.get(childKey)
      if (child) visit(child, depth + 1, ancestorMatched || matched)
    }
  }

  for (const rootKey of index.rootKeys) {
    const root = index.nodes.get(rootKey)
    if (root) visit(root, 0, false)
  }
  return rows
}

/** Keys of the nodes that have at least one matching descendant. */
function markMatchesBelow(index: FleetIndex, q: string): Set<string> {
  const out = new Set<string>()
  for (const node of index.nodes.values()) {
    if (!node.searchText.includes(q)) continue
    for (let k = node.parentKey; k && !out.has(k); k = index.nodes.get(k)?.parentKey ?? null) out.add(k)
  }
  return out
}
