import { fillRoute, methodOf } from './routeCase'
import type { HubRequest } from './testHub'

/** A request for a route pattern with its params (and body): the catalog's building block. */
export function execute(
  route: string,
  params: Record<string, string>,
  body?: unknown,
): Omit<HubRequest, 'auth'> {
  return { method: methodOf(route), url: fillRoute(route, params), ...(body !== undefined ? { body } : {}) }
}
