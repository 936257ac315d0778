import type { Action } from '../../../src/shared/access/can'
import type { Column } from '../../../src/shared/access/permissionTable'
import type { HubRequest, TestHub } from './testHub'
import type { World } from './world'

/**
 * One route as the table-driven access test and the bad-input test call it. Each area lists its
 * routes in tests/hub/support/cases/<area>Cases.ts and adds that list to allRouteCases.ts.
 *
 * Every call gets a fresh World (seedWorld) and a fresh actor holding one grant of the seed column
 * (org O, location C, machine mG; see world.ts), so a case may delete what it targets.
 */
export interface RouteCase {
  /** `METHOD /path/:param`, as registered. */
  route: string
  /**
   * The seed row the route enforces (docs/hub-api.md names it too), or 'visible' for a read that
   * any role which can see the target may make (lists, a location's details).
   */
  action: Action | 'visible'
  /** The request against the world, without credentials. */
  request: (world: World) => Omit<HubRequest, 'auth'>
  /** Runs before the call, as the admin (e.g. empty a location before deleting it). */
  prepare?: (hub: TestHub, world: World) => Promise<void>
  /**
   * Where a refused column cannot see the target at all, the answer is 404, not 403 (nothing is
   * revealed); say which columns and why. Anything not listed must be 403 when refused.
   */
  invisibleTo?: { columns: readonly Column[]; why: string }
  /** For the bad-input test: body keys that may be left out (all others are required). */
  optionalKeys?: readonly string[]
}

/** Fills `:name` params of a route pattern from the given values. */
export function fillRoute(route: string, params: Record<string, string>): string {
  const path = route.slice(route.indexOf(' ') + 1)
  return path.replace(/:([A-Za-z]+)/g, (_m, name: string) => {
    const value = params[name]
    if (value === undefined) throw new Error(`No value for :${name} in ${route}`)
    return encodeURIComponent(value)
  })
}

export const methodOf = (route: string): HubRequest['method'] =>
  route.slice(0, route.indexOf(' ')) as HubRequest['method']
