import { componentTypeOfApi, type ComponentType } from '../../../shared/robot/componentMethods'
import type { ResourceStatus } from '../../../shared/robot/protocol'

export interface ControlItem {
  name: string
  api: string
  model: string | null
  /** The robot's own status of it, when a status has arrived. */
  resource: ResourceStatus | undefined
}

export interface ControlGroup {
  type: ComponentType
  items: ControlItem[]
}

/** Driving things first (what a technician reaches for), then what they read, then the rest. */
export const PANEL_ORDER: readonly ComponentType[] = [
  'base',
  'motor',
  'servo',
  'encoder',
  'board',
  'sensor',
  'movement_sensor',
  'camera',
  'generic',
]

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' })

/**
 * The CONTROL tab's panels: the resources the robot reports (its truth when connected), else those of
 * the cached config, grouped by component type in PANEL_ORDER. Services and types the protocol does
 * not control are left out (the status list shows them).
 */
export function controlGroups(
  live: readonly ResourceStatus[] | null,
  cached: ReadonlyArray<{ name: string; api: string; model: string | null }>,
): ControlGroup[] {
  const items: ControlItem[] = live
    ? live
        .filter((r) => r.state !== 'removed')
        .map((r) => ({ name: r.name, api: r.api, model: r.model, resource: r }))
    : cached.map((c) => ({ name: c.name, api: c.api, model: c.model, resource: undefined }))
  const byType = new Map<ComponentType, ControlItem[]>()
  for (const item of items) {
    const type = componentTypeOfApi(item.api)
    if (!type) continue
    const list = byType.get(type) ?? []
    list.push(item)
    byType.set(type, list)
  }
  return PANEL_ORDER.filter((t) => byType.has(t)).map((type) => ({
    type,
    items: (byType.get(type) ?? []).sort((a, b) => collator.compare(a.name, b.name)),
  }))
}

/** The names to watch readings of (the protocol takes at most 100). */
export function watchedNames(groups: readonly ControlGroup[]): string[] {
  return groups.flatMap((g) => g.items.map((i) => i.name)).slice(0, 100)
}
