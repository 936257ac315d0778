import type { FastifyInstance } from 'fastify'
import { apiKeysRoutes } from './apiKeysRoutes'
import type { HubContext } from './HubContext'
import { authRoutes } from './authRoutes'
import { configRoutes } from './configRoutes'
import { fragmentRoutes } from './fragmentRoutes'
import { healthRoutes } from './healthRoutes'
import { invitesRoutes } from './invitesRoutes'
import { locationRoutes } from './locationRoutes'
import { logsRoutes } from './logsRoutes'
import { machineRoutes } from './machineRoutes'
import { membersRoutes } from './membersRoutes'
import { orgRoutes } from './orgRoutes'
import { packagesRoutes } from './packagesRoutes'
import { partRoutes } from './partRoutes'
import { partTokenRoutes } from './partTokenRoutes'
import { agentRoutes } from './agentRoutes'
import { changeRoutes } from './changeRoutes'
import { pushRoutes } from './pushRoutes'
import { usageRoutes } from './usageRoutes'

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
  partTokenRoutes,
  agentRoutes,
  changeRoutes,
  pushRoutes,
  membersRoutes,
  invitesRoutes,
  apiKeysRoutes,
  packagesRoutes,
  usageRoutes,
  logsRoutes,
]

export async function registerRoutes(app: FastifyInstance, context: HubContext): Promise<void> {
  for (const area of ROUTE_AREAS) await app.register(async (scope) => area(scope, context))
}
