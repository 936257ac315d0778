import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { IdentityGrant } from '../../shared/access/can'
import type { Db } from '../db/Db'
import { HubError } from '../core/HubError'
import type { Actor } from './Actor'
import { GRANT_COLUMNS, rowToGrant, type GrantRow } from './grants'
import { parseAuthorization } from './parseAuthorization'
import { sameHash, tokenHash } from './tokenHash'

// A credential and its subject's grants in one statement (one row per grant, or one row with null
// grant columns when there is none): authentication runs on every request, and on PGlite each
// round trip costs about a millisecond, so the three lookups it used to make were most of a read.
const SESSION_SQL = `
SELECT s.user_id, u.email, ${GRANT_COLUMNS}
FROM sessions s JOIN users u ON u.id = s.user_id
LEFT JOIN grants g ON g.subject_kind = 'user' AND g.subject_id = s.user_id
WHERE s.token_hash = $1 AND s.revoked_at IS NULL AND s.expires_at > now()
ORDER BY g.created_at, g.id`

const API_KEY_SQL = `
SELECT k.secret_hash, ${GRANT_COLUMNS}
FROM api_keys k
LEFT JOIN grants g ON g.subject_kind = 'api-key' AND g.subject_id = k.id
WHERE k.id = $1 AND k.revoked_at IS NULL
ORDER BY g.created_at, g.id`

type Nullable<T> = { [K in keyof T]: T[K] | null }

function grantsOfRows(rows: readonly Nullable<GrantRow>[]): IdentityGrant[] {
  return rows.flatMap((r) => (r.id === null ? [] : [rowToGrant(r as GrantRow)]))
}

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
      const rows = await db.query<Nullable<GrantRow> & { user_id: string; email: string }>(SESSION_SQL, [
        tokenHash(credential.token),
      ])
      const first = rows[0]
      if (!first)
        throw new HubError('unauthenticated', 'The session is unknown, expired or signed out; sign in again.')
      const subject = { kind: 'user', id: first.user_id } as Actor['subject']
      return { subject, identity: { subject, grants: grantsOfRows(rows) }, label: first.email }
    }
    case 'api-key': {
      const rows = await db.query<Nullable<GrantRow> & { secret_hash: string }>(API_KEY_SQL, [credential.id])
      const first = rows[0]
      if (!first || !sameHash(first.secret_hash, tokenHash(credential.secret))) {
        throw new HubError(
          'unauthenticated',
          'The API key is unknown, deleted, or its secret does not match.',
        )
      }
      const subject = { kind: 'api-key', id: credential.id } as Actor['subject']
      return {
        subject,
        identity: { subject, grants: grantsOfRows(rows) },
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
