import type { FastifyInstance } from 'fastify'
import type { HubContext } from '../server/HubContext'
import { authRoutes } from './authRoutes'
import { configRoutes } from './configRoutes'
import { fragmentRoutes } from './fragmentRoutes'
import { healthRoutes } from './healthRoutes'
import { locationRoutes } from './locationRoutes'
import { machineRoutes } from './machineRoutes'
import { orgRoutes } from './orgRoutes'
import { partRoutes } from './partRoutes'

/** A route area: one Fastify plugin per file `src/hub/routes/<area>Routes.ts`. */
export type RouteArea = (app: FastifyInstance, context: HubContext) => Promise<void>

/**
 * Every area of the hub. To add one: write `src/hub/routes/<area>Routes.ts` exporting a RouteArea
 * and add it here (one line, so parallel branches merge cleanly).
 */
export const ROUTE_AREAS: readonly RouteArea[] = [
  healthRoutes,
  authRoutes,
  orgRoutes,
  locationRoutes,
  machineRoutes,
  partRoutes,
  configRoutes,
  fragmentRoutes,
]

export async function registerRoutes(app: FastifyInstance, context: HubContext): Promise<void> {
  for (const area of ROUTE_AREAS) await app.register(async (scope) => area(scope, context))
}
