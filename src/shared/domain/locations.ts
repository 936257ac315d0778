import { CoreError } from '../errors/CoreError'
import type { LocationId, OrgId } from '../ids'
import { MAX_LOCATION_DEPTH, type Location } from './model'
import { errorMessage } from '../errors/errorMessage'

// Locations form a forest per organization: a root location is level 1 and nothing may sit deeper
// than MAX_LOCATION_DEPTH. These functions are pure so the hub, the desktop core and the UI all
// refuse the same placements with the same words.

/** Locations as a list or keyed by id. */
export type Locations = readonly Location[] | ReadonlyMap<LocationId, Location>

export type PlacementCheck = { ok: true } | { ok: false; message: string }

export interface Placement {
  /** The location being moved (it must exist); absent for a new location. */
  id?: LocationId
  /** Where it goes: a location id, or null for the top level. */
  parentId: LocationId | null
  /** Name of a new location, for messages (a moved one's own name is used). */
  name?: string
  /** Organization of a new location; a moved one's own organization is used. */
  orgId?: OrgId
}

const LIMIT = `locations nest at most ${MAX_LOCATION_DEPTH} levels.`

/**
 * The chain of locations from the root down to `id`, inclusive. Throws if `id` is unknown, if a
 * parent is missing, or if the parents form a cycle: those are broken data, not user mistakes.
 */
export function locationPath(locations: Locations, id: LocationId): Location[] {
  const byId = toMap(locations)
  const start = byId.get(id)
  if (!start) throw new CoreError('not-found', `Location ${id} does not exist.`)
  const chain: Location[] = [start]
  const seen = new Set<LocationId>([start.id])
  let current = start
  while (current.parentId !== null) {
    const parent = byId.get(current.parentId)
    if (!parent) {
      throw new CoreError(
        'failed-precondition',
        `Location "${current.name}" has parent ${current.parentId}, which does not exist.`,
      )
    }
    if (seen.has(parent.id)) {
      const loop = [...chain.slice(chain.findIndex((l) => l.id === parent.id)), parent]
      const names = loop.map((l) => `"${l.name}"`)
      throw new CoreError('failed-precondition', `Locations form a cycle: ${names.join(' inside ')}.`)
    }
    seen.add(parent.id)
    chain.push(parent)
    current = parent
  }
  return chain.reverse()
}

/** How deep `id` is nested: 1 for a top-level location. Throws like locationPath. */
export function locationDepth(locations: Locations, id: LocationId): number {
  return locationPath(locations, id).length
}

/** Every location below `id` (children, their children, ...), parents before their children. */
export function locationDescendants(locations: Locations, id: LocationId): Location[] {
  const children = childrenByParent(toMap(locations))
  const out: Location[] = []
  const seen = new Set<LocationId>([id])
  const queue = [id]
  for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
    for (const child of children.get(next) ?? []) {
      if (seen.has(child.id)) continue // a cycle in broken data must not loop forever
      seen.add(child.id)
      out.push(child)
      queue.push(child.id)
    }
  }
  return out
}

/**
 * Whether a new location may be created under `parentId`, or an existing one (with its whole
 * subtree) moved there: refused when anything would end up deeper than MAX_LOCATION_DEPTH, when a
 * location would end up inside itself or one of its descendants, or when the parent belongs to
 * another organization. `can()` only answers whether the caller may move locations between the two
 * places; every move (core, hub) must also pass this check, which knows the tree.
 */
export function checkLocationPlacement(locations: Locations, placement: Placement): PlacementCheck {
  const byId = toMap(locations)
  const moving = placement.id === undefined ? undefined : byId.get(placement.id)
  const label = `"${moving?.name ?? placement.name ?? 'The new location'}"`
  const refuse = (message: string): PlacementCheck => ({ ok: false, message })
  // A move of a location that is not there must not pass as the creation of a new one.
  if (placement.id !== undefined && !moving) return refuse(`Location ${placement.id} does not exist.`)

  let parentDepth = 0
  if (placement.parentId !== null) {
    const parent = byId.get(placement.parentId)
    if (!parent) return refuse(`The chosen parent location ${placement.parentId} does not exist.`)
    if (moving && parent.id === moving.id) return refuse(`${label} cannot be placed inside itself.`)
    let parentPath: Location[]
    try {
      parentPath = locationPath(byId, parent.id)
    } catch (err) {
      return refuse(errorMessage(err))
    }
    if (moving && parentPath.some((l) => l.id === moving.id)) {
      return refuse(`${label} cannot be moved under "${parent.name}", which is inside it.`)
    }
    const orgId = moving?.orgId ?? placement.orgId
    if (orgId !== undefined && parent.orgId !== orgId) {
      return refuse(`${label} can only be placed under a location of its own organization.`)
    }
    parentDepth = parentPath.length
  }

  const depth = parentDepth + 1
  if (depth > MAX_LOCATION_DEPTH) return refuse(`${label} would be nested ${depth} levels deep; ${LIMIT}`)
  if (moving) {
    const deepest = deepestBelow(byId, moving)
    const deepestDepth = depth + deepest.levelsBelow
    if (deepestDepth > MAX_LOCATION_DEPTH) {
      return refuse(
        `Moving ${label} there would nest "${deepest.location.name}" ${deepestDepth} levels deep; ${LIMIT}`,
      )
    }
  }
  return { ok: true }
}

/** The deepest location in `root`'s subtree and how many levels below `root` it sits (0: root itself). */
function deepestBelow(
  byId: ReadonlyMap<LocationId, Location>,
  root: Location,
): { location: Location; levelsBelow: number } {
  const children = childrenByParent(byId)
  let best = { location: root, levelsBelow: 0 }
  const seen = new Set<LocationId>([root.id])
  let level: Location[] = [root]
  for (let levelsBelow = 1; level.length > 0; levelsBelow++) {
    const next = level.flatMap((l) => children.get(l.id) ?? []).filter((l) => !seen.has(l.id))
    for (const l of next) seen.add(l.id)
    const first = next[0]
    if (first) best = { location: first, levelsBelow }
    level = next
  }
  return best
}

function childrenByParent(byId: ReadonlyMap<LocationId, Location>): Map<LocationId, Location[]> {
  const children = new Map<LocationId, Location[]>()
  for (const location of byId.values()) {
    if (location.parentId === null) continue
    const list = children.get(location.parentId) ?? []
    list.push(location)
    children.set(location.parentId, list)
  }
  return children
}

function toMap(locations: Locations): ReadonlyMap<LocationId, Location> {
  if (isMap(locations)) return locations
  return new Map(locations.map((l) => [l.id, l]))
}

function isMap(locations: Locations): locations is ReadonlyMap<LocationId, Location> {
  return locations instanceof Map
}
