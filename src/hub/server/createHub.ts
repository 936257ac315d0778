import swagger from '@fastify/swagger'
import Fastify, { type FastifyInstance } from 'fastify'
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod'
import { randomUUID } from 'node:crypto'
import { registerAuthentication } from '../auth/authenticate'
import { RateLimiter } from '../auth/rateLimiter'
import type { Db } from '../db/Db'
import { migrationLevel } from '../db/migrate'
import { registerRoutes } from '../routes/registerRoutes'
import { ErrorBodySchema } from '../routes/replySchemas'
import { HUB_VERSION } from '../core/version'
import { errorHandler } from './errorHandler'
import { DEFAULT_HUB_OPTIONS, type HubContext, type HubKeys, type HubOptions } from '../routes/HubContext'
import { sealAtStart } from './sealAtStart'

const ERROR_RESPONSES = Object.fromEntries(
  [400, 401, 403, 404, 409, 413, 429, 500].map((s) => [s, ErrorBodySchema]),
)

export interface Hub {
  app: FastifyInstance
  context: HubContext
}

/**
 * Builds the hub's Fastify app on a migrated database, after sealing what is still stored plain
 * (and refusing a seal key other than the one the data was sealed with): zod schemas for every body, param and
 * query (so bad input is a 400 with each error's path, and the OpenAPI document at
 * /v1/openapi.json is generated), a body limit, one error shape `{code, message}`, pino logs
 * carrying a request id, and the authentication hook in front of every non-public route.
 */
export async function createHub(db: Db, options: Partial<HubOptions> & HubKeys): Promise<Hub> {
  const { sealKey, legacyKeySecret, ...rest } = options
  const opts: HubOptions = { ...DEFAULT_HUB_OPTIONS, ...rest }
  await sealAtStart(db, sealKey, legacyKeySecret)
  const app = Fastify({
    logger: opts.logLevel === false ? false : { level: opts.logLevel },
    bodyLimit: opts.bodyLimit,
    trustProxy: opts.trustProxy,
    // A client's own X-Request-Id is kept (bounded), so one id follows a request through a proxy.
    requestIdHeader: 'x-request-id',
    genReqId: () => randomUUID(),
    // Ids and names travel in paths; keep them bounded like the rest of the input.
    routerOptions: { maxParamLength: 200 },
    // Refusals made before a route is chosen (a path param too long, a bad content type) get the
    // same `{code, message}` body as every other error.
    frameworkErrors: (error, request, reply) => errorHandler(error, request, reply),
  })
  app.setValidatorCompiler(validatorCompiler)
  app.setSerializerCompiler(serializerCompiler)
  app.setErrorHandler(errorHandler)
  app.setNotFoundHandler((request, reply) => {
    void reply
      .status(404)
      .send({ code: 'not-found', message: `No route ${request.method} ${request.url.split('?')[0]}.` })
  })
  app.addHook('onSend', async (request, reply, payload) => {
    void reply.header('x-request-id', request.id)
    return payload
  })

  await app.register(swagger, {
    openapi: {
      info: { title: 'Fleetdesk hub', version: HUB_VERSION },
      components: {
        securitySchemes: {
          session: {
            type: 'http',
            scheme: 'bearer',
            description: 'A session token from POST /v1/auth/sign-in.',
          },
          apiKey: {
            type: 'apiKey',
            in: 'header',
            name: 'Authorization',
            description: '"ApiKey <id>:<secret>"',
          },
        },
      },
      security: [{ session: [] }, { apiKey: [] }],
    },
    transform: jsonSchemaTransform,
  })

  const context: HubContext = {
    db,
    options: opts,
    signInLimits: {
      perAccount: new RateLimiter({ max: 5, windowMs: 15 * 60_000 }),
      perAddress: new RateLimiter({ max: 30, windowMs: 15 * 60_000 }),
    },
    migrationLevel: await migrationLevel(db),
    sealKey,
    legacyKeySecret,
  }
  // Every route documents the one error body, so clients generated from the OpenAPI document
  // know it; the zod serializer also checks each error reply against it.
  app.addHook('onRoute', (route) => {
    if (route.schema?.hide === true) return
    route.schema = {
      ...route.schema,
      response: { ...ERROR_RESPONSES, ...(route.schema?.response as object | undefined) },
    }
  })
  registerAuthentication(app, db)
  await registerRoutes(app, context)
  app.get('/v1/openapi.json', { config: { public: true }, schema: { hide: true } }, async () => app.swagger())
  return { app, context }
}
