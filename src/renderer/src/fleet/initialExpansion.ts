import type { FleetIndex } from '../state/buildFleetIndex'

/** Up to this many machines, the whole tree opens at first: it fits on a screen or two. */
export const SMALL_FLEET = 60

/**
 * What is open when the tree first appears. A small fleet (an operator with a few machines, the demo
 * fleet) opens fully, so every machine is one click away. A big one opens its organizations, plus
 * any location that is the only child of an open node, since showing it closed hides nothing useful.
 */
export function initialExpansion(index: FleetIndex): string[] {
  const open: string[] = []
  const small = index.machines.size <= SMALL_FLEET
  const visit = (key: string, force: boolean): void => {
    const node = index.nodes.get(key)
    if (!node || node.kind === 'machine' || node.kind === 'part' || node.childKeys.length === 0) return
    if (!force && !small) return
    open.push(key)
    const onlyChild = node.childKeys.length === 1
    for (const child of node.childKeys) visit(child, onlyChild)
  }
  for (const root of index.rootKeys) visit(root, true)
  return open
}
