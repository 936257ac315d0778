import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import type { OrgId, PartId } from '../../shared/ids'
import { requireAccess } from '../access/requireAccess'
import { actorOf, resolveActor } from '../auth/authenticate'
import { recordChange } from '../changes/recordChange'
import { decodeLogCursor, type LogFilter } from '../logs/logSql'
import {
  LogBatchSchema,
  LogIngestReplySchema,
  LogPageSchema,
  LogQuerySchema,
  RetentionSchema,
} from '../logs/logSchemas'
import { insertLogBatch, loadRetention, queryLogs } from '../logs/logStore'
import { RETENTION_INTERVAL_MS, startRetentionJob } from '../logs/logRetentionJob'
import { authenticateAgent } from '../sync/agentAuth'
import { OrgParamsSchema } from '../members/memberSchemas'
import { PartIdParam } from '../admin/adminIds'
import type { HubContext } from './HubContext'
import { HubError } from '../core/HubError'
import { z } from 'zod'

const PartParams = z.object({ partId: PartIdParam })

/**
 * Part logs: ingestion in batches (by the part's agent with its part credential, or by a person or
 * key whose role sees the LOGS tab), queries by level, time range and text with keyset paging,
 * and each organization's retention bound.
 */
export async function logsRoutes(app: FastifyInstance, { db, sealKey }: HubContext): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>()
  const interval = Number(process.env.FLEETDESK_LOG_RETENTION_MS ?? RETENTION_INTERVAL_MS)
  const retention = startRetentionJob(db, {
    intervalMs: interval,
    onError: (err) => app.log.error({ err }, 'log retention pass failed'),
  })
  app.addHook('onClose', async () => retention.stop())

  /** The agent of the part itself, or an actor allowed "See all tabs (such as CONFIGURE and LOGS)". */
  const authorizeIngest = async (request: FastifyRequest, partId: PartId): Promise<{ orgId: OrgId }> => {
    // The agents' one scheme (sync/agentAuth.ts), shared with the config and status routes.
    if (/^part\s/i.test(request.headers.authorization ?? '')) {
      const part = await authenticateAgent(db, sealKey, request.headers.authorization)
      // Another part's credential is refused like a wrong secret: it says nothing about this part.
      if (part.partId !== partId) throw new HubError('unauthenticated', 'Unknown part or wrong part secret.')
      const { ref } = await requireOrgOfPart(partId)
      return { orgId: ref }
    }
    const actor = await resolveActor(db, request.headers.authorization)
    const { ref } = await requireAccess(db, actor, 'machine.seeAllTabs', { kind: 'part', id: partId })
    if (ref.kind !== 'machine')
      throw new HubError('internal', 'A part resolved to something other than a machine.')
    return { orgId: ref.orgId }
  }

  const requireOrgOfPart = async (partId: PartId): Promise<{ ref: OrgId }> => {
    const rows = await db.query<{ org_id: string }>(
      `SELECT m.org_id FROM parts p JOIN machines m ON m.id = p.machine_id WHERE p.id = $1`,
      [partId],
    )
    const row = rows[0]
    if (!row) throw new HubError('not-found', 'The part does not exist.')
    return { ref: row.org_id as OrgId }
  }

  r.post(
    '/v1/parts/:partId/logs',
    {
      // Public to the authentication hook, which knows sessions and keys only: this route also takes
      // the agent's part credential, and checks every request itself (authorizeIngest).
      config: { public: true },
      // Credentials first, before the body is read: a stranger gets 401, not a lesson on the schema.
      onRequest: async (request) => {
        const { partId } = request.params as { partId?: string }
        await authorizeIngest(request, (partId ?? '') as PartId)
      },
      schema: { params: PartParams, body: LogBatchSchema, response: { 200: LogIngestReplySchema } },
    },
    async (request) => {
      const { partId } = request.params
      // No change row per batch: logs are not fleet state and the change feed does not carry them.
      // (insertLogBatch keeps times to the millisecond, so paging cursors are exact.)
      await insertLogBatch(db, partId, request.body.entries)
      return { accepted: request.body.entries.length }
    },
  )

  r.get(
    '/v1/parts/:partId/logs',
    { schema: { params: PartParams, querystring: LogQuerySchema, response: { 200: LogPageSchema } } },
    async (request) => {
      const actor = actorOf(request)
      const { partId } = request.params
      await requireAccess(db, actor, 'machine.seeAllTabs', { kind: 'part', id: partId })
      const q = request.query
      const after = q.cursor === undefined ? undefined : decodeLogCursor(q.cursor)
      if (after === null) throw new HubError('invalid-argument', 'The cursor is not one this hub gave out.')
      const filter: LogFilter = {
        partId,
        limit: q.limit,
        ...(q.level !== undefined ? { minLevel: q.level } : {}),
        ...(q.since !== undefined ? { since: q.since } : {}),
        ...(q.until !== undefined ? { until: q.until } : {}),
        ...(q.text !== undefined ? { text: q.text } : {}),
        ...(after !== undefined ? { after } : {}),
      }
      return queryLogs(db, filter)
    },
  )

  r.get(
    '/v1/orgs/:orgId/logs/retention',
    { schema: { params: OrgParamsSchema, response: { 200: RetentionSchema } } },
    async (request) => {
      const actor = actorOf(request)
      const { orgId } = request.params
      await requireAccess(db, actor, 'org.seeOwnRole', { kind: 'organization', id: orgId })
      return loadRetention(db, orgId)
    },
  )

  r.put(
    '/v1/orgs/:orgId/logs/retention',
    { schema: { params: OrgParamsSchema, body: RetentionSchema, response: { 200: RetentionSchema } } },
    async (request) => {
      const actor = actorOf(request)
      const { orgId } = request.params
      // An organization setting: only org owners edit the organization (the seed's "Edit org name" row).
      await requireAccess(db, actor, 'org.editName', { kind: 'organization', id: orgId })
      const { maxAgeDays, maxRowsPerPart } = request.body
      await db.transaction(async (tx) => {
        await tx.query(
          `INSERT INTO org_log_retention (org_id, max_age_days, max_rows_per_part) VALUES ($1, $2, $3)
           ON CONFLICT (org_id) DO UPDATE SET max_age_days = $2, max_rows_per_part = $3, updated_at = now()`,
          [orgId, maxAgeDays, maxRowsPerPart],
        )
        await recordChange(tx, {
          kind: 'log-retention',
          resourceId: orgId,
          orgId,
          op: 'update',
          body: { maxAgeDays, maxRowsPerPart },
          actor: actor.label,
        })
      })
      return { maxAgeDays, maxRowsPerPart }
    },
  )
}
