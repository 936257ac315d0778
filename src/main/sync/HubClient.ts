import type { z } from 'zod'
import { errorMessage } from '../../shared/errors/errorMessage'
import {
  FeedPageSchema,
  MAX_FEED_LIMIT,
  MeReplySchema,
  PushReplySchema,
  SignInReplySchema,
  type FeedPage,
  type MeReply,
  type PushEditWire,
  type PushOutcome,
  type SignInReply,
} from '../../shared/sync/hubWire'
import { HubRequestError, hubErrorFor } from './HubRequestError'
import { parseHubUrl } from './hubUrl'

/** What the hub is asked with: a session from sign-in, or an API key. */
export type HubCredential =
  { kind: 'session'; token: string; expiresAt: string } | { kind: 'api-key'; keyId: string; secret: string }

export interface HubClientOptions {
  baseUrl: string
  credential?: HubCredential | null
  /** Per request, headers and body (default 10 s): a hub that stops answering is offline, not slow. */
  timeoutMs?: number
  fetch?: typeof fetch
}

type Method = 'GET' | 'POST'

export function authorizationFor(credential: HubCredential): string {
  return credential.kind === 'session'
    ? `Bearer ${credential.token}`
    : `ApiKey ${credential.keyId}:${credential.secret}`
}

/**
 * The hub's routes the desktop uses, typed: each reply is parsed with its schema from
 * src/shared/sync/hubWire.ts, each failure is a HubRequestError saying what to do (retry, sign in
 * again, give up). Never throws anything else.
 */
export class HubClient {
  readonly baseUrl: string
  private readonly credential: HubCredential | null
  private readonly timeoutMs: number
  private readonly fetchFn: typeof fetch

  constructor(options: HubClientOptions) {
    this.baseUrl = parseHubUrl(options.baseUrl)
    this.credential = options.credential ?? null
    this.timeoutMs = options.timeoutMs ?? 10_000
    this.fetchFn = options.fetch ?? fetch
  }

  withCredential(credential: HubCredential | null): HubClient {
    return new HubClient({
      baseUrl: this.baseUrl,
      credential,
      timeoutMs: this.timeoutMs,
      fetch: this.fetchFn,
    })
  }

  signIn(email: string, password: string): Promise<SignInReply> {
    return this.request('POST', '/v1/auth/sign-in', 'sign in', SignInReplySchema, { email, password }, false)
  }

  /** Revokes the session on the hub (API keys are deleted on the hub instead: nothing to do). */
  async signOut(): Promise<void> {
    if (this.credential?.kind !== 'session') return
    await this.send('POST', '/v1/auth/sign-out', 'sign out', undefined, true)
  }

  me(): Promise<MeReply> {
    return this.request('GET', '/v1/auth/me', 'say who you are', MeReplySchema)
  }

  changes(cursor: number, limit: number, signal?: AbortSignal): Promise<FeedPage> {
    const n = Math.max(1, Math.min(MAX_FEED_LIMIT, Math.floor(limit)))
    return this.request(
      'GET',
      `/v1/changes?cursor=${cursor}&limit=${n}`,
      'list changes',
      FeedPageSchema,
      undefined,
      true,
      signal,
    )
  }

  async push(edits: PushEditWire[], signal?: AbortSignal): Promise<PushOutcome[]> {
    const reply = await this.request(
      'POST',
      '/v1/push',
      'take the pending edits',
      PushReplySchema,
      { edits },
      true,
      signal,
    )
    return reply.results
  }

  /**
   * Opens the change stream (server-sent events). Resolves once the hub answered with the stream's
   * headers, within the timeout; the body is then read until `signal` aborts or the hub closes it.
   */
  async openChangeStream(signal: AbortSignal, heartbeatMs: number): Promise<ReadableStream<Uint8Array>> {
    const connect = new AbortController()
    const timer = setTimeout(() => connect.abort(new Error('timed out')), this.timeoutMs)
    try {
      const response = await this.fetchRaw(
        'GET',
        `/v1/changes/stream?heartbeatMs=${heartbeatMs}`,
        'follow changes',
        undefined,
        true,
        AbortSignal.any([signal, connect.signal]),
        { accept: 'text/event-stream' },
      )
      if (!response.ok)
        throw hubErrorFor(
          response.status,
          await readJson(response),
          response.headers.get('retry-after'),
          'follow changes',
        )
      if (!response.body)
        throw new HubRequestError('bad-reply', 'The hub sent an empty change stream.', response.status)
      return response.body
    } finally {
      clearTimeout(timer)
    }
  }

  private async request<S extends z.ZodType>(
    method: Method,
    path: string,
    what: string,
    schema: S,
    body?: unknown,
    authenticated = true,
    signal?: AbortSignal,
  ): Promise<z.output<S>> {
    const value = await this.send(method, path, what, body, authenticated, signal)
    const parsed = schema.safeParse(value)
    if (!parsed.success) {
      const where = parsed.error.issues[0]?.path.join('.') || 'reply'
      throw new HubRequestError(
        'bad-reply',
        `The hub's answer to "${what}" is not what this app expects (at ${where}).`,
      )
    }
    return parsed.data
  }

  private async send(
    method: Method,
    path: string,
    what: string,
    body: unknown,
    authenticated: boolean,
    signal?: AbortSignal,
  ): Promise<unknown> {
    const timeout = AbortSignal.timeout(this.timeoutMs)
    const response = await this.fetchRaw(
      method,
      path,
      what,
      body,
      authenticated,
      signal ? AbortSignal.any([signal, timeout]) : timeout,
    )
    let value: unknown
    try {
      value = await readJson(response)
    } catch (err) {
      throw new HubRequestError(
        'unreachable',
        `The hub stopped answering while asked to ${what}: ${errorMessage(err)}.`,
      )
    }
    if (!response.ok) throw hubErrorFor(response.status, value, response.headers.get('retry-after'), what)
    return value
  }

  private async fetchRaw(
    method: Method,
    path: string,
    what: string,
    body: unknown,
    authenticated: boolean,
    signal: AbortSignal,
    extraHeaders: Record<string, string> = {},
  ): Promise<Response> {
    const headers: Record<string, string> = { accept: 'application/json', ...extraHeaders }
    if (authenticated) {
      if (!this.credential) throw new HubRequestError('signed-out', 'Not signed in to a hub.')
      headers.authorization = authorizationFor(this.credential)
    }
    if (body !== undefined) headers['content-type'] = 'application/json'
    try {
      return await this.fetchFn(`${this.baseUrl}${path}`, {
        method,
        headers,
        signal,
        redirect: 'error',
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      })
    } catch (err) {
      const reason = signal.aborted ? errorMessage(signal.reason) : describeNetworkError(err)
      throw new HubRequestError(
        'unreachable',
        `The hub at ${this.baseUrl} cannot be reached to ${what}: ${reason}.`,
      )
    }
  }
}

async function readJson(response: Response): Promise<unknown> {
  const text = await response.text()
  if (text === '') return null
  try {
    return JSON.parse(text) as unknown
  } catch {
    return text
  }
}

/** undici hides the useful part (ECONNREFUSED, ENOTFOUND) in `cause`. */
function describeNetworkError(err: unknown): string {
  const cause =
    err instanceof Error ? (err.cause as { code?: string; message?: string } | undefined) : undefined
  if (cause?.code === 'ECONNREFUSED') return 'nothing answers at that address (connection refused)'
  if (cause?.code === 'ENOTFOUND') return 'the host name is unknown'
  return cause?.message ?? errorMessage(err)
}
