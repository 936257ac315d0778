import { Anchor, Breadcrumbs, Text } from '@mantine/core'
import type { ReactElement } from 'react'
import { useAppStore } from '../state/useAppStore'
import { useTreeStore } from './useTreeStore'
import { ancestorKeys } from './buildFleetIndex'
import { openTreeNode } from './openTreeNode'

/** Where you are: organization / locations / machine (/ part), each step clickable. */
export function FleetBreadcrumb(): ReactElement {
  const index = useAppStore((s) => s.index)
  const selectedKey = useTreeStore((s) => s.selectedKey)
  const current = selectedKey ? index?.nodes.get(selectedKey) : undefined
  if (!index || !current) {
    return (
      <Text size="sm" fw={600} aria-label="Breadcrumb">
        All machines
      </Text>
    )
  }
  const trail = ancestorKeys(index, current.key)
    .map((k) => index.nodes.get(k))
    .filter((n) => n !== undefined)
  return (
    <Breadcrumbs
      separator="/"
      separatorMargin={6}
      aria-label="Breadcrumb"
      style={{ flexWrap: 'nowrap', minWidth: 0 }}
    >
      {trail.map((n) => (
        <Anchor
          key={n.key}
          size="sm"
          c="dimmed"
          className="fd-crumb"
          component="button"
          type="button"
          onClick={() =>
            openTreeNode({ key: n.key, kind: n.kind, id: n.id, expandable: false, expanded: true })
          }
        >
          {n.name}
        </Anchor>
      ))}
      <Text size="sm" fw={600} aria-current="page" className="fd-crumb-current">
        {current.name}
      </Text>
    </Breadcrumbs>
  )
}
