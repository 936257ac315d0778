import { describe } from 'vitest'
import type { Db, StorageKind } from '../../../src/hub/db/Db'
import { createHub, type Hub } from '../../../src/hub/server/createHub'
import type { HubOptions } from '../../../src/hub/routes/HubContext'
import { STORAGES, freshDb, postgresSkipReason } from './testStorage'
import { TEST_SEAL_KEY } from './testSealKey'

export interface HubReply {
  status: number
  body: unknown
  headers: Headers
}

export interface HubRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'
  url: string
  body?: unknown
  /** Raw body text instead of JSON (malformed or oversized input). */
  rawBody?: string
  /** The Authorization header, e.g. `Bearer …` or `ApiKey id:secret`. */
  auth?: string
}

export interface TestHub {
  storage: StorageKind
  db: Db
  hub: Hub
  /** http://127.0.0.1:PORT */
  url: string
  call(request: HubRequest): Promise<HubReply>
  close(): Promise<void>
}

/** A hub in this process on an ephemeral loopback port, on a fresh database of the given kind. */
export async function startTestHub(
  storage: StorageKind,
  options: Partial<HubOptions> = {},
): Promise<TestHub> {
  const db = await freshDb(storage)
  const hub = await createHub(db, { logLevel: false, sealKey: TEST_SEAL_KEY, ...options })
  const url = await hub.app.listen({ port: 0, host: '127.0.0.1' })
  return {
    storage,
    db,
    hub,
    url,
    async call(request: HubRequest): Promise<HubReply> {
      const headers: Record<string, string> = {}
      if (request.auth !== undefined) headers.authorization = request.auth
      let body: string | undefined
      if (request.rawBody !== undefined) body = request.rawBody
      else if (request.body !== undefined) body = JSON.stringify(request.body)
      if (body !== undefined) headers['content-type'] = 'application/json'
      const response = await fetch(`${url}${request.url}`, {
        method: request.method,
        headers,
        ...(body !== undefined ? { body } : {}),
      })
      const text = await response.text()
      let parsed: unknown = text
      try {
        parsed = text === '' ? null : JSON.parse(text)
      } catch {
        // Left as text: a test asserting a JSON body then fails with the text in view.
      }
      return { status: response.status, body: parsed, headers: response.headers }
    },
    async close(): Promise<void> {
      await hub.app.close()
      await db.close()
    },
  }
}

/**
 * Runs a suite once per storage: always on PGlite, on PostgreSQL where the global setup started
 * one; otherwise that variant is skipped and says why in its name (never counted as passed).
 */
export function describeStorages(name: string, suite: (storage: StorageKind) => void): void {
  for (const storage of STORAGES) {
    const reason = storage === 'postgres' ? postgresSkipReason() : ''
    if (reason) describe.skip(`${name} [postgres skipped: ${reason}]`, () => suite(storage))
    else describe(`${name} [${storage}]`, () => suite(storage))
  }
}
