import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { migrationLevel } from '../db/migrate'
import type { HubContext } from './HubContext'
import { HUB_VERSION } from '../core/version'

const HealthSchema = z.object({
  status: z.enum(['ok', 'degraded']),
  storage: z.enum(['pglite', 'postgres']),
  version: z.string(),
  migrationLevel: z.number().int(),
})

/** GET /v1/health: no credentials; says whether the database answers and how it is migrated. */
export async function healthRoutes(app: FastifyInstance, { db }: HubContext): Promise<void> {
  app
    .withTypeProvider<ZodTypeProvider>()
    .get(
      '/v1/health',
      { config: { public: true }, schema: { response: { 200: HealthSchema } } },
      async () => {
        let level = -1
        try {
          level = await migrationLevel(db)
        } catch {
          // The database does not answer: still answer, as degraded.
        }
        return {
          status: level >= 0 ? 'ok' : 'degraded',
          storage: db.kind,
          version: HUB_VERSION,
          migrationLevel: Math.max(level, 0),
        } as const
      },
    )
}
