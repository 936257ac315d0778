import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { strongestRole } from '../../shared/access/can'
import { signPartToken } from '../../shared/robot/auth'
import { requireAccess } from '../access/requireAccess'
import { actorOf } from '../auth/authenticate'
import type { HubContext } from './HubContext'
import { HubError } from '../core/HubError'
import { currentSigningKey, type KeyOptions, MAX_TOKEN_TTL_S, publicKeySet } from '../sync/signingKeys'
import { idParams } from './routeKit'
import { KeySetSchema, PartTokenSchema } from './replySchemas'

/** How long a part token lives unless the caller asks for less (or more, up to MAX_TOKEN_TTL_S). */
export const DEFAULT_TOKEN_TTL_S = 600

const TokenBody = z
  .object({ ttlSeconds: z.number().int().min(30).max(MAX_TOKEN_TTL_S).optional() })
  .strict()
  .optional()

/**
 * Part tokens: `POST /v1/parts/:partId/token` signs a token for the role the caller holds on the
 * part's machine (machine.control: every role; the token carries owner or operator, and the agent
 * enforces what that role may do). `GET /v1/keys` serves the public key set (JWKS) without
 * credentials, for agents to cache.
 */
export async function partTokenRoutes(
  app: FastifyInstance,
  { db, sealKey, legacyKeySecret }: HubContext,
): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>()
  const keyOptions: KeyOptions = { sealKey, legacySecret: legacyKeySecret }

  r.get(
    '/v1/keys',
    { config: { public: true }, schema: { response: { 200: KeySetSchema } } },
    async (_request, reply) => {
      void reply.header('cache-control', 'max-age=60')
      return publicKeySet(db)
    },
  )

  r.post(
    '/v1/parts/:partId/token',
    { schema: { response: { 200: PartTokenSchema }, params: idParams('partId'), body: TokenBody } },
    async (request) => {
      const actor = actorOf(request)
      const { partId } = request.params
      const loaded = await requireAccess(db, actor, 'machine.control', { kind: 'part', id: partId })
      const role = strongestRole(actor.identity, loaded.ref)
      // requireAccess let a grant through, so a role reaches the machine; guard all the same.
      if (role === null) throw new HubError('permission-denied', 'No role of yours reaches this machine.')
      const ttlSeconds = request.body?.ttlSeconds ?? DEFAULT_TOKEN_TTL_S
      const now = Date.now()
      const key = await currentSigningKey(db, keyOptions, now)
      const token = await signPartToken(key.privateKey, {
        partId,
        role,
        subject: actor.label,
        ttlSeconds,
        now,
        kid: key.kid,
      })
      const expiresAt = new Date((Math.floor(now / 1000) + ttlSeconds) * 1000).toISOString()
      return { token, partId, role, kid: key.kid, expiresAt }
    },
  )
}
