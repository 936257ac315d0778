import { Menu, UnstyledButton } from '@mantine/core'
import { useElementSize } from '@mantine/hooks'
import { Fragment, useLayoutEffect, useMemo, useRef, useState, type ReactElement } from 'react'
import { useAppStore } from '../state/useAppStore'
import { useRobotStore } from '../state/useRobotStore'
import { ROBOT_KEY_PREFIX } from '../robots/openRobot'
import { SERIAL_KEY_PREFIX } from '../serial/serialKey'
import { useTreeStore } from '../state/useTreeStore'
import { ancestorKeys } from '../state/buildFleetIndex'
import { fitCrumbs } from './fitCrumbs'
import { openAllMachines, openTreeNode } from './openTreeNode'

interface Crumb {
  key: string
  label: string
  open: (() => void) | null
}

const SEPARATOR_WIDTH = 18
const MORE_WIDTH = 28

/** The steps from all machines to what is selected; the last one is the current page. */
function useTrail(): Crumb[] {
  const index = useAppStore((s) => s.index)
  const selectedKey = useTreeStore((s) => s.selectedKey)
  const robotName = useRobotStore((s) => {
    if (!selectedKey?.startsWith(ROBOT_KEY_PREFIX)) return null
    const partId = selectedKey.slice(ROBOT_KEY_PREFIX.length)
    return s.sessions[partId]?.machineName ?? s.nearby.find((n) => n.partId === partId)?.machineName ?? partId
  })
  return useMemo(() => {
    const root: Crumb = { key: 'all', label: 'All machines', open: openAllMachines }
    if (!selectedKey) return [{ ...root, open: null }]
    if (robotName !== null) return [root, { key: selectedKey, label: robotName, open: null }]
    if (selectedKey.startsWith(SERIAL_KEY_PREFIX)) {
      const path = selectedKey.slice(SERIAL_KEY_PREFIX.length)
      return [root, { key: selectedKey, label: `Serial console ${path}`, open: null }]
    }
    const current = index?.nodes.get(selectedKey)
    if (!index || !current) return [root, { key: selectedKey, label: 'Not in the local cache', open: null }]
    const ancestors = ancestorKeys(index, current.key)
      .map((k) => index.nodes.get(k))
      .filter((n) => n !== undefined)
      .map((n): Crumb => ({
        key: n.key,
        label: n.name,
        open: () => openTreeNode({ key: n.key, kind: n.kind, id: n.id, expandable: false, expanded: true }),
      }))
    return [root, ...ancestors, { key: current.key, label: current.name, open: null }]
  }, [index, selectedKey, robotName])
}

function CrumbButton({ crumb }: { crumb: Crumb }): ReactElement {
  return (
    <UnstyledButton className="fd-crumb" onClick={crumb.open ?? undefined} data-testid="crumb">
      {crumb.label}
    </UnstyledButton>
  )
}

/**
 * Where you are: all machines / organization / locations / machine (/ part), each step clickable.
 * Every step is shown whole while there is room; when there is not, whole steps fold into a "…"
 * menu (see fitCrumbs) rather than each being cut to a letter or two.
 */
export function FleetBreadcrumb(): ReactElement {
  const trail = useTrail()
  const { ref, width } = useElementSize<HTMLElement>()
  const measureRef = useRef<HTMLDivElement>(null)
  const [widths, setWidths] = useState<readonly number[]>([])

  // Natural widths, from a hidden copy of the whole trail (fonts and weights as shown).
  useLayoutEffect(() => {
    const el = measureRef.current
    if (!el) return
    setWidths([...el.children].map((c) => Math.ceil(c.getBoundingClientRect().width)))
  }, [trail])

  const folded = useMemo(() => {
    if (widths.length !== trail.length || width <= 0) return new Set<number>()
    return new Set(fitCrumbs(widths, width, SEPARATOR_WIDTH, MORE_WIDTH))
  }, [widths, width, trail.length])

  const items: ReactElement[] = []
  let moreShown = false
  trail.forEach((crumb, i) => {
    const last = i === trail.length - 1
    if (folded.has(i)) {
      if (moreShown) return
      moreShown = true
      const hidden = trail.filter((_, j) => folded.has(j))
      items.push(
        <Menu key="more" position="bottom-start" withinPortal>
          <Menu.Target>
            <UnstyledButton
              className="fd-crumb fd-crumb-more"
              aria-label={`${hidden.length} more: ${hidden.map((h) => h.label).join(' / ')}`}
              data-testid="crumb-more"
            >
              …
            </UnstyledButton>
          </Menu.Target>
          <Menu.Dropdown>
            {hidden.map((h) => (
              <Menu.Item key={h.key} onClick={h.open ?? undefined}>
                {h.label}
              </Menu.Item>
            ))}
          </Menu.Dropdown>
        </Menu>,
      )
      return
    }
    items.push(
      last ? (
        <span
          key={crumb.key}
          className="fd-crumb-current"
          aria-current="page"
          title={crumb.label}
          data-testid="crumb-current"
        >
          {crumb.label}
        </span>
      ) : (
        <CrumbButton key={crumb.key} crumb={crumb} />
      ),
    )
  })

  return (
    <nav aria-label="Breadcrumb" className="fd-crumbs" ref={ref} data-testid="breadcrumb">
      {items.map((item, i) => (
        <Fragment key={item.key ?? i}>
          {i > 0 ? (
            <span className="fd-crumb-separator" aria-hidden="true">
              /
            </span>
          ) : null}
          {item}
        </Fragment>
      ))}
      <div ref={measureRef} className="fd-crumbs-measure" aria-hidden="true">
        {trail.map((c, i) => (
          <span key={c.key} className={i === trail.length - 1 ? 'fd-crumb-current' : 'fd-crumb'}>
            {c.label}
          </span>
        ))}
      </div>
    </nav>
  )
}
