import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { requireAccess } from '../access/requireAccess'
import { actorOf } from '../auth/authenticate'
import { OrgParamsSchema } from '../members/memberSchemas'
import type { HubContext } from './HubContext'
import { summarizeUsage } from '../usage/summarizeUsage'
import { loadUsageCounts } from '../usage/usageStore'

const n = z.number().int().nonnegative()
const UsageSchema = z.object({
  orgId: z.string(),
  machines: n,
  parts: n,
  logLines: n,
  logBytes: n,
  packages: n,
  packageVersions: n,
  packageBytes: n,
  storageBytes: n,
  measuredAt: z.string(),
})

/** GET /v1/orgs/:orgId/usage: the billing page's figures, for org owners only ("See billing page"). */
export async function usageRoutes(app: FastifyInstance, { db }: HubContext): Promise<void> {
  app
    .withTypeProvider<ZodTypeProvider>()
    .get(
      '/v1/orgs/:orgId/usage',
      { schema: { params: OrgParamsSchema, response: { 200: UsageSchema } } },
      async (request) => {
        const actor = actorOf(request)
        const { orgId } = request.params
        await requireAccess(db, actor, 'org.seeBilling', { kind: 'organization', id: orgId })
        return summarizeUsage(orgId, await loadUsageCounts(db, orgId), new Date())
      },
    )
}
