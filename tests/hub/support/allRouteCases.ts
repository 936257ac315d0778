import { ADMIN_CASES } from './cases/adminCases'
import { FLEET_CASES } from './cases/fleetCases'
import { SYNC_CASES } from './cases/syncCases'
import type { RouteCase } from './routeCase'

/**
 * Every route of the hub the access and bad-input tests call. Each area appends its list here
 * (one import, one spread) from tests/hub/support/cases/<area>Cases.ts.
 */
export const ALL_ROUTE_CASES: readonly RouteCase[] = [...FLEET_CASES, ...SYNC_CASES, ...ADMIN_CASES]
