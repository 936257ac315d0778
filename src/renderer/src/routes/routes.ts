import type { MachineTab } from '../../../shared/api/views'
import { nodeKey, type FleetIndex } from '../state/buildFleetIndex'
import { ROBOT_KEY_PREFIX, robotKey } from '../robots/openRobot'
import { SERIAL_KEY_PREFIX, serialKey } from '../serial/serialKey'

// The page's address, in the URL's hash so it works from a file:// page in Electron as well as in
// browser mode, and leaves browser mode's `?token=` (read once, then dropped) alone:
//   #/                                   all machines
//   #/org/<id>   #/location/<id>         an organization's or a location's overview
//   #/machine/<id>/<tab>[?part=<id>]     a machine page on a tab, on a part other than the main one
//   #/robot/<part id>                    a robot found on the LAN that the fleet does not know
//   #/serial/<port path>                 the console of a serial port

export type Route =
  | { kind: 'all' }
  | { kind: 'org'; id: string }
  | { kind: 'location'; id: string }
  | { kind: 'machine'; id: string; tab: MachineTab | null; partId: string | null }
  | { kind: 'robot'; partId: string }
  | { kind: 'serial'; path: string }

const TABS: readonly MachineTab[] = ['control', 'configure', 'logs', 'history', 'connect']
const isTab = (value: string): value is MachineTab => (TABS as readonly string[]).includes(value)

function decode(part: string): string | null {
  try {
    const text = decodeURIComponent(part)
    return text.length > 0 && text.length <= 200 ? text : null
  } catch {
    return null
  }
}

/** The route a hash names; null for one that is not an address of this app (then: all machines). */
export function parseRoute(hash: string): Route | null {
  const raw = hash.startsWith('#') ? hash.slice(1) : hash
  if (raw === '' || raw === '/') return { kind: 'all' }
  const [path = '', query = ''] = raw.split('?', 2)
  const segments = path.split('/')
  if (segments[0] !== '') return null
  const [, kind, rawId, tab, ...rest] = segments
  const id = rawId === undefined ? null : decode(rawId)
  if (!id || rest.length > 0) return null
  switch (kind) {
    case 'org':
    case 'location':
      return tab === undefined ? { kind, id } : null
    case 'robot':
      return tab === undefined ? { kind: 'robot', partId: id } : null
    case 'serial':
      return tab === undefined ? { kind: 'serial', path: id } : null
    case 'machine': {
      if (tab !== undefined && !isTab(tab)) return null
      const part = new URLSearchParams(query).get('part')
      const partId = part && part.length <= 200 ? part : null
      return { kind: 'machine', id, tab: tab ?? null, partId }
    }
    default:
      return null
  }
}

/** The hash for a route, e.g. `#/machine/m-1/configure`. */
export function formatRoute(route: Route): string {
  const e = encodeURIComponent
  switch (route.kind) {
    case 'all':
      return '#/'
    case 'org':
    case 'location':
      return `#/${route.kind}/${e(route.id)}`
    case 'robot':
      return `#/robot/${e(route.partId)}`
    case 'serial':
      return `#/serial/${e(route.path)}`
    case 'machine':
      return (
        `#/machine/${e(route.id)}` +
        (route.tab ? `/${route.tab}` : '') +
        (route.partId ? `?part=${e(route.partId)}` : '')
      )
    default:
      return route satisfies never
  }
}

export interface Selection {
  selectedKey: string | null
  selectedPartId: string | null
  machineTab: MachineTab
}

/**
 * The route of what is on screen. A part is written only when it is not the machine's main part, so
 * the common link stays short. Null when the selection cannot be named yet (a part row before the
 * fleet index has loaded).
 */
export function routeOf(selection: Selection, index: FleetIndex | null): Route | null {
  const key = selection.selectedKey
  if (key === null) return { kind: 'all' }
  if (key.startsWith(ROBOT_KEY_PREFIX)) return { kind: 'robot', partId: key.slice(ROBOT_KEY_PREFIX.length) }
  if (key.startsWith(SERIAL_KEY_PREFIX)) return { kind: 'serial', path: key.slice(SERIAL_KEY_PREFIX.length) }
  const colon = key.indexOf(':')
  const kind = key.slice(0, colon)
  const id = key.slice(colon + 1)
  switch (kind) {
    case 'org':
    case 'location':
      return { kind, id }
    case 'machine':
    case 'part': {
      const machine = kind === 'machine' ? index?.machines.get(id) : index?.nodes.get(key)?.machine
      const machineId = kind === 'machine' ? id : machine?.id
      if (!machineId) return null
      const partId = kind === 'part' ? id : selection.selectedPartId
      const main = machine?.parts.find((p) => p.isMain)?.id
      return {
        kind: 'machine',
        id: machineId,
        tab: selection.machineTab,
        partId: partId && partId !== main ? partId : null,
      }
    }
    default:
      return null
  }
}

/**
 * The selection a route asks for. A part of a machine shown as its own tree row (machines with more
 * than one part) selects that row; the tab is kept as it is when the route names none.
 */
export function selectionOf(route: Route, index: FleetIndex | null, current: MachineTab): Selection {
  switch (route.kind) {
    case 'all':
      return { selectedKey: null, selectedPartId: null, machineTab: current }
    case 'org':
    case 'location':
      return { selectedKey: nodeKey(route.kind, route.id), selectedPartId: null, machineTab: current }
    case 'robot':
      return { selectedKey: robotKey(route.partId), selectedPartId: null, machineTab: current }
    case 'serial':
      return { selectedKey: serialKey(route.path), selectedPartId: null, machineTab: current }
    case 'machine': {
      const partKey = route.partId ? nodeKey('part', route.partId) : null
      const partRow = partKey ? index?.nodes.get(partKey) : undefined
      const ownPart = partRow?.machine?.id === route.id
      return {
        selectedKey: ownPart && partKey ? partKey : nodeKey('machine', route.id),
        selectedPartId: route.partId,
        machineTab: route.tab ?? current,
      }
    }
    default:
      return route satisfies never
  }
}
