import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { Db } from '../db/Db'
import { HubError } from '../core/HubError'
import type { Actor } from './Actor'
import { verifyApiKey } from './apiKeys'
import { grantsOf } from './grants'
import { parseAuthorization } from './parseAuthorization'
import { sessionUser } from './sessions'

/**
 * Resolves the request's credentials into an Actor, or throws 401. Looked up on every request (no
 * cache), so a revoked session or a deleted key is refused at the very next request.
 */
export async function resolveActor(db: Db, header: string | undefined): Promise<Actor> {
  const parsed = parseAuthorization(header)
  if (!parsed.ok) throw new HubError('unauthenticated', parsed.message)
  const { credential } = parsed
  switch (credential.kind) {
    case 'session': {
      const userId = await sessionUser(db, credential.token)
      if (userId === null)
        throw new HubError('unauthenticated', 'The session is unknown, expired or signed out; sign in again.')
      const rows = await db.query<{ email: string }>(`SELECT email FROM users WHERE id = $1`, [userId])
      const subject = { kind: 'user', id: userId } as Actor['subject']
      return {
        subject,
        identity: { subject, grants: await grantsOf(db, subject) },
        label: rows[0]?.email ?? userId,
      }
    }
    case 'api-key': {
      if (!(await verifyApiKey(db, credential.id, credential.secret))) {
        throw new HubError(
          'unauthenticated',
          'The API key is unknown, deleted, or its secret does not match.',
        )
      }
      const subject = { kind: 'api-key', id: credential.id } as Actor['subject']
      return {
        subject,
        identity: { subject, grants: await grantsOf(db, subject) },
        label: `api-key:${credential.id}`,
      }
    }
  }
}

/** The hook every route passes: public routes skip it, every other one needs valid credentials. */
export function registerAuthentication(app: FastifyInstance, db: Db): void {
  app.decorateRequest('actor', null)
  app.addHook('onRequest', async (request: FastifyRequest) => {
    if (request.routeOptions.config?.public === true) return
    // An unknown URL is a 404 whoever asks; it needs no credentials to say so.
    if (request.routeOptions.url === undefined) return
    request.actor = await resolveActor(db, request.headers.authorization)
  })
}

/** The actor of an authenticated route (the hook guarantees one). */
export function actorOf(request: FastifyRequest): Actor {
  if (request.actor === null) throw new HubError('unauthenticated', 'Sign in first.')
  return request.actor
}
