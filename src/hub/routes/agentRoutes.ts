import { createHash } from 'node:crypto'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { computeEffectiveConfig } from '../../shared/config/computeEffectiveConfig'
import type { MachineConfig } from '../../shared/config/machineConfigSchema'
import { requireAccess } from '../access/requireAccess'
import { actorOf } from '../auth/authenticate'
import type { Queryable } from '../db/Db'
import { getRevision, headRevision } from '../fleet/configRevisions'
import { resolveFragments } from '../fleet/fragmentConfigs'
import type { HubContext } from './HubContext'
import { authenticateAgent } from '../sync/agentAuth'
import { acquireNudger } from '../sync/Nudger'
import { idParams } from './routeKit'
import { AgentConfigSchema, AgentStatusSchema, NoContent } from './replySchemas'

/** The longest an agent's config poll is held open: below the 15 s an agent may go between checks. */
export const CONFIG_POLL_MAX_MS = 10_000

const ConfigQuery = z
  .object({
    revision: z.coerce
      .number()
      .int()
      .min(0)
      .max(2 ** 31 - 1)
      .optional(),
    /** The etag of the effective config the agent runs: fragments change it without a new revision. */
    etag: z.string().max(100).optional(),
    waitMs: z.coerce.number().int().min(0).max(CONFIG_POLL_MAX_MS).default(CONFIG_POLL_MAX_MS),
  })
  .strict()

const ResourceHealth = z
  .object({
    name: z.string().min(1).max(200),
    state: z.enum(['ready', 'configuring', 'unhealthy', 'removing']),
    error: z.string().max(2000).optional(),
  })
  .strict()

const StatusBody = z
  .object({
    version: z.string().min(1).max(100),
    uptimeSeconds: z.number().min(0).max(1e10),
    configRevision: z
      .number()
      .int()
      .min(0)
      .max(2 ** 31 - 1),
    resources: z.array(ResourceHealth).max(2000).default([]),
  })
  .strict()

/** What an agent runs, as its reply schema (replySchemas) says. */
export type EffectiveForAgent = z.infer<typeof AgentConfigSchema>

/** The part's effective config (its fragments merged in), with an etag over it. */
export async function effectiveForAgent(
  db: Queryable,
  partId: string,
  orgId: string,
): Promise<EffectiveForAgent> {
  const revision = await headRevision(db, partId)
  const row = revision > 0 ? await getRevision(db, partId, revision) : null
  const config: MachineConfig = row?.config ?? {}
  const fragments = await resolveFragments(db, orgId, config.fragments ?? [], null)
  const result = fragments.ok ? computeEffectiveConfig(config, fragments.configs) : fragments
  const payload = result.ok
    ? { revision, ok: true, config: result.config }
    : { revision, ok: false, errors: result.errors }
  const etag = createHash('sha256').update(JSON.stringify(payload)).digest('base64url').slice(0, 27)
  return { ...payload, etag }
}

async function orgOfMachine(db: Queryable, machineId: string): Promise<string> {
  const rows = await db.query<{ org_id: string }>(`SELECT org_id FROM machines WHERE id = $1`, [machineId])
  return rows[0]?.org_id ?? ''
}

/**
 * Agent routes, authenticated by part id and secret (not by a user or API key):
 * `GET /v1/agent/config` long-polls the effective config, `POST /v1/agent/status` reports status.
 * `GET /v1/parts/:partId/status` reads the last report (machine.control: every role).
 */
export async function agentRoutes(app: FastifyInstance, { db, sealKey }: HubContext): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>()
  const { nudger, release } = acquireNudger(db)
  const waiting = new Set<() => void>()
  app.addHook('preClose', async () => {
    for (const wake of [...waiting]) wake()
  })
  app.addHook('onClose', async () => release())

  const agentOf = (request: FastifyRequest): ReturnType<typeof authenticateAgent> =>
    authenticateAgent(db, sealKey, request.headers.authorization)

  r.get(
    '/v1/agent/config',
    {
      config: { public: true },
      schema: { response: { 200: AgentConfigSchema, 304: z.null() }, querystring: ConfigQuery },
    },
    async (request, reply) => {
      const part = await agentOf(request)
      const orgId = await orgOfMachine(db, part.machineId)
      const { revision, etag, waitMs } = request.query
      const changed = (e: EffectiveForAgent): boolean =>
        revision === undefined || e.revision !== revision || (etag !== undefined && e.etag !== etag)
      let current = await effectiveForAgent(db, part.partId, orgId)
      if (!changed(current) && waitMs > 0) {
        // Subscribed before the wait starts; every nudge re-reads, the timer ends it.
        current = await new Promise<EffectiveForAgent>((resolve) => {
          let done = false
          let checking = false
          let latest = current
          const finish = (): void => {
            if (done) return
            done = true
            clearTimeout(timer)
            unsubscribe()
            waiting.delete(finish)
            resolve(latest)
          }
          const check = async (): Promise<void> => {
            if (done || checking) return
            checking = true
            try {
              latest = await effectiveForAgent(db, part.partId, orgId)
              if (changed(latest)) finish()
            } catch (err) {
              request.log.warn({ err }, 'config poll could not re-read the config')
            } finally {
              checking = false
            }
          }
          const timer = setTimeout(finish, waitMs)
          let unsubscribe: () => void = () => undefined
          waiting.add(finish)
          void nudger.then((n) => {
            if (done) return
            unsubscribe = n.subscribe(() => void check())
            void check()
          })
          reply.raw.on('close', finish)
        })
      }
      void reply.header('etag', `"${current.etag}"`)
      if (!changed(current)) return reply.status(304).send(null)
      return current
    },
  )

  r.post(
    '/v1/agent/status',
    { config: { public: true }, schema: { response: NoContent, body: StatusBody } },
    async (request, reply) => {
      const part = await agentOf(request)
      const { version, uptimeSeconds, configRevision, resources } = request.body
      await db.query(
        `INSERT INTO agent_status (part_id, version, uptime_s, config_revision, resources, reported_at)
       VALUES ($1, $2, $3, $4, $5::jsonb, now())
       ON CONFLICT (part_id) DO UPDATE SET version = EXCLUDED.version, uptime_s = EXCLUDED.uptime_s,
         config_revision = EXCLUDED.config_revision, resources = EXCLUDED.resources, reported_at = now()`,
        [part.partId, version, uptimeSeconds, configRevision, JSON.stringify(resources)],
      )
      return reply.status(204).send(null)
    },
  )

  r.get(
    '/v1/parts/:partId/status',
    { schema: { response: { 200: AgentStatusSchema }, params: idParams('partId') } },
    async (request) => {
      const actor = actorOf(request)
      const { partId } = request.params
      await requireAccess(db, actor, 'machine.control', { kind: 'part', id: partId })
      const rows = await db.query<{
        version: string
        uptime_s: number
        config_revision: number
        resources: unknown
        reported_at: Date
      }>(
        `SELECT version, uptime_s, config_revision, resources, reported_at FROM agent_status WHERE part_id = $1`,
        [partId],
      )
      const row = rows[0]
      if (!row) return { partId, reported: false }
      return {
        partId,
        reported: true,
        version: row.version,
        uptimeSeconds: row.uptime_s,
        configRevision: row.config_revision,
        resources: row.resources,
        reportedAt: new Date(row.reported_at).toISOString(),
      }
    },
  )
}
