import type { ComponentSummary } from '../../../shared/api/views'

export interface ComponentGroup {
  /** The subtype from the API (`motor` from `rdk:component:motor`), or the API itself if it has no colons. */
  type: string
  kind: ComponentSummary['kind']
  items: ComponentSummary[]
}

/** `rdk:component:motor` → `motor`; an odd API string is kept whole rather than guessed at. */
export function apiSubtype(api: string): string {
  const parts = api.split(':')
  return parts.length >= 3 ? (parts[parts.length - 1] ?? api) : api
}

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' })

/**
 * Resources grouped by type for the CONTROL tab: components before services, types alphabetical,
 * names in natural order (motor-2 before motor-10).
 */
export function groupComponents(resources: readonly ComponentSummary[]): ComponentGroup[] {
  const groups = new Map<string, ComponentGroup>()
  for (const r of resources) {
    const type = apiSubtype(r.api)
    const key = `${r.kind}\n${type}`
    let g = groups.get(key)
    if (!g) {
      g = { type, kind: r.kind, items: [] }
      groups.set(key, g)
    }
    g.items.push(r)
  }
  const out = [...groups.values()]
  for (const g of out)
    g.items.sort((a, b) => collator.compare(a.name, b.name) || collator.compare(a.partName, b.partName))
  out.sort((a, b) => (a.kind === b.kind ? collator.compare(a.type, b.type) : a.kind === 'component' ? -1 : 1))
  return out
}
