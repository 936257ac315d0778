import type { TreeRow } from './flattenFleetTree'

export type TreeKeyAction =
  | { type: 'focus'; index: number }
  | { type: 'expand'; key: string }
  | { type: 'collapse'; key: string }
  | { type: 'open'; key: string }
  | { type: 'none' }

const PAGE = 10

/**
 * What a key press does in the tree, following the WAI-ARIA tree pattern: Up/Down move, Right opens a
 * closed node or steps into an open one, Left closes an open node or steps out to its parent,
 * Home/End jump, Enter/Space open the row's page. Pure, so it is tested without a DOM.
 */
export function treeKeyAction(rows: readonly TreeRow[], active: number, key: string): TreeKeyAction {
  if (rows.length === 0) return { type: 'none' }
  const i = Math.min(Math.max(active, 0), rows.length - 1)
  const row = rows[i] as TreeRow
  switch (key) {
    case 'ArrowDown':
      return { type: 'focus', index: Math.min(i + 1, rows.length - 1) }
    case 'ArrowUp':
      return { type: 'focus', index: Math.max(i - 1, 0) }
    case 'PageDown':
      return { type: 'focus', index: Math.min(i + PAGE, rows.length - 1) }
    case 'PageUp':
      return { type: 'focus', index: Math.max(i - PAGE, 0) }
    case 'Home':
      return { type: 'focus', index: 0 }
    case 'End':
      return { type: 'focus', index: rows.length - 1 }
    case 'ArrowRight':
      if (row.expandable && !row.expanded) return { type: 'expand', key: row.key }
      if (row.expandable && row.expanded && i + 1 < rows.length) return { type: 'focus', index: i + 1 }
      return { type: 'none' }
    case 'ArrowLeft': {
      if (row.expandable && row.expanded) return { type: 'collapse', key: row.key }
      if (row.parentKey === null) return { type: 'none' }
      for (let j = i - 1; j >= 0; j--) if (rows[j]?.key === row.parentKey) return { type: 'focus', index: j }
      return { type: 'none' }
    }
    case 'Enter':
    case ' ':
      return { type: 'open', key: row.key }
    default:
      return { type: 'none' }
  }
}
