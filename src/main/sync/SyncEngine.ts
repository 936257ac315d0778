import type { CoreParsedParams } from '../../shared/api/contract'
import type { HubConnection, SyncProgress, SyncStatus } from '../../shared/api/syncViews'
import { errorMessage } from '../../shared/errors/errorMessage'
import type { MeReply } from '../../shared/sync/hubWire'
import type { CacheStore } from '../cache/types'
import { HUB_IDENTITY_SETTING, type HubIdentityRecord } from '../core/loadIdentity'
import { backoffDelay } from './backoff'
import { ChangeStream } from './ChangeStream'
import { HubClient, type HubCredential } from './HubClient'
import type { HubCredentialStore } from './HubCredentialStore'
import { HubRequestError } from './HubRequestError'
import { parseHubUrl } from './hubUrl'
import { DEFAULT_PAGE_SIZE, runSyncCycle } from './SyncCycle'

/** The account and hub the cached fleet was pulled for: another one starts with a full pull. */
const SYNCED_FOR_SETTING = 'hub.syncedFor'
/** The fallback when no nudge arrives (DESIGN.md: polled every 15 s). */
export const POLL_MS = 15_000

export interface SyncEngineOptions {
  cache: CacheStore
  credentials: HubCredentialStore
  /** Awaited, so nothing about a session is still being reported once the engine has stopped. */
  status(status: SyncStatus): Promise<void>
  progress(progress: SyncProgress): void
  fleetChanged(reason: string): Promise<void>
  pollMs?: number
  pageSize?: number
  /** Per hub request (default 10 s). */
  timeoutMs?: number
  /** Asked of the hub's change stream; silence for three of these is a dead link. */
  heartbeatMs?: number
  fetch?: typeof fetch
  now?: () => Date
}

interface Session {
  client: HubClient
  hubUrl: string
  label: string
  abort: AbortController
  stream: ChangeStream
  poll: NodeJS.Timeout
}

export type SignInAuth = CoreParsedParams<'hubSignIn'>['auth']

/**
 * Keeps the cache in step with the hub while signed in: a sync cycle (SyncCycle.ts) runs at once,
 * on every nudge of the change stream that is ahead of the cache, every 15 s, and whenever the
 * outbox changes; cycles never overlap (a trigger during one runs one more after it). A failed
 * cycle is retried with backoff and jitter; a 401 stops syncing until someone signs in again.
 */
export class SyncEngine {
  private session: Session | null = null
  private connection: HubConnection = 'signed-out'
  private hubUrl: string | null = null
  private label: string | null = null
  private lastError: string | null = null
  private lastSyncAt: string | null = null
  private progress: SyncProgress | null = null
  private hubCursor: number | null = null
  private localCursor: number | null = null
  private running: Promise<void> | null = null
  private again = false
  private failures = 0
  private retryTimer: NodeJS.Timeout | null = null
  private readonly now: () => Date

  constructor(private readonly options: SyncEngineOptions) {
    this.now = options.now ?? (() => new Date())
  }

  /** Resumes with the stored credentials (from the stored cursor), or stays signed out. */
  async start(): Promise<void> {
    const stored = await this.options.credentials.load(this.now())
    this.lastSyncAt = await this.options.cache.getSetting<string>('sync.lastSyncAt')
    if (!stored) return
    this.hubUrl = stored.hubUrl
    if (!stored.ok) {
      this.connection = 'sign-in-again'
      this.lastError = stored.reason
      return
    }
    this.activate(stored.hubUrl, stored.label, stored.credential)
  }

  async stop(): Promise<void> {
    await this.deactivate()
  }

  /** Checks the credentials with the hub, stores them sealed, then syncs (the first pull runs in the background). */
  async signIn(hubUrlInput: string, auth: SignInAuth): Promise<SyncStatus> {
    const hubUrl = parseHubUrl(hubUrlInput)
    const bare = this.client(hubUrl, null)
    let credential: HubCredential
    if (auth.kind === 'password') {
      const session = await bare.signIn(auth.email, auth.password)
      credential = { kind: 'session', token: session.token, expiresAt: session.expiresAt }
    } else credential = { kind: 'api-key', keyId: auth.keyId, secret: auth.secret }
    const me = await bare.withCredential(credential).me()
    await this.deactivate()
    const { cache } = this.options
    const syncedFor = `${hubUrl} ${me.subject.kind}:${me.subject.id}`
    if ((await cache.getSetting<string>(SYNCED_FOR_SETTING)) !== syncedFor) {
      // Another hub or account: the cached fleet is someone else's view; the outbox stays.
      await cache.applySync([{ op: 'clearFleet' }], null)
      await cache.putSetting(SYNCED_FOR_SETTING, syncedFor)
    }
    await this.options.credentials.save(hubUrl, credential, me.label)
    await this.storeIdentity(hubUrl, me)
    this.lastError = null
    this.activate(hubUrl, me.label, credential)
    await this.options.fleetChanged(`signed in to ${hubUrl} as ${me.label}`)
    return this.status()
  }

  /** Revokes the session on the hub if it can be reached; the credentials and identity go either way. */
  async signOut(): Promise<SyncStatus> {
    const client = this.session?.client ?? null
    await this.deactivate()
    let note: string | null = null
    if (client) {
      try {
        await client.signOut()
      } catch (err) {
        note = `Signed out here; the hub could not be told (${errorMessage(err)}), so the session stays valid there until it expires.`
      }
    }
    await this.options.credentials.clear()
    await this.options.cache.putSetting(HUB_IDENTITY_SETTING, null)
    this.connection = 'signed-out'
    this.label = null
    this.lastError = note
    await this.options.fleetChanged('signed out')
    await this.emitStatus()
    return this.status()
  }

  /** Something to push, or a nudge: run a cycle soon (or one more after the current one). */
  kick(): void {
    if (!this.session) return
    if (this.running) {
      this.again = true
      return
    }
    this.running = this.loop().finally(() => {
      this.running = null
    })
  }

  /** Runs a cycle now and waits for it (and for one already running). */
  async syncNow(): Promise<SyncStatus> {
    this.kick()
    while (this.running) await this.running
    return this.status()
  }

  async status(): Promise<SyncStatus> {
    const outbox = await this.options.cache.listOutbox()
    const conflicts = (await this.options.cache.listSyncConflicts()).filter((c) => c.status === 'open')
    return {
      connection: this.connection,
      hubUrl: this.hubUrl,
      signedInAs: this.label,
      lastSyncAt: this.lastSyncAt,
      lastError: this.connection === 'online' ? null : this.lastError,
      pending: outbox.filter((e) => e.rejection === null && e.conflictId === undefined).length,
      conflicts: conflicts.length,
      rejected: outbox.filter((e) => e.rejection !== null).length,
      cursor: this.localCursor ?? (await this.options.cache.syncState()).cursor,
      progress: this.progress,
    }
  }

  private client(hubUrl: string, credential: HubCredential | null): HubClient {
    return new HubClient({
      baseUrl: hubUrl,
      credential,
      ...(this.options.timeoutMs !== undefined ? { timeoutMs: this.options.timeoutMs } : {}),
      ...(this.options.fetch ? { fetch: this.options.fetch } : {}),
    })
  }

  private activate(hubUrl: string, label: string, credential: HubCredential): void {
    const client = this.client(hubUrl, credential)
    const stream = new ChangeStream({
      client,
      heartbeatMs: this.options.heartbeatMs ?? 15_000,
      onCursor: (cursor) => {
        this.hubCursor = cursor
        if (this.localCursor === null || cursor > this.localCursor) this.kick()
      },
      onState: (connected, reason) => {
        // The stream answering says the hub is back: no need to wait for the retry timer.
        if (connected && this.connection !== 'online') this.kick()
        if (!connected && reason) this.lastError = reason
      },
      onSignedOut: (err) => void this.expire(err),
    })
    const poll = setInterval(() => this.kick(), this.options.pollMs ?? POLL_MS)
    this.session = { client, hubUrl, label, abort: new AbortController(), stream, poll }
    this.hubUrl = hubUrl
    this.label = label
    this.connection = 'connecting'
    this.failures = 0
    stream.start()
    this.kick()
  }

  /** Ends the session's loops; `waitForCycle` false from inside a cycle (it would wait for itself). */
  private async deactivate(waitForCycle = true): Promise<void> {
    const session = this.session
    this.session = null
    if (this.retryTimer) clearTimeout(this.retryTimer)
    this.retryTimer = null
    if (!session) return
    clearInterval(session.poll)
    session.abort.abort(new Error('signed out'))
    await session.stream.close()
    if (waitForCycle) await this.running?.catch(() => undefined)
    this.progress = null
  }

  private async loop(): Promise<void> {
    do {
      this.again = false
      const session = this.session
      if (!session) return
      await this.cycle(session)
    } while (this.again && this.session)
  }

  private async cycle(session: Session): Promise<void> {
    try {
      const result = await runSyncCycle({
        cache: this.options.cache,
        client: session.client,
        signal: session.abort.signal,
        pageSize: this.options.pageSize ?? DEFAULT_PAGE_SIZE,
        hubCursor: () => this.hubCursor,
        progress: (p) => {
          this.localCursor = p.cursor
          this.progress = p.done ? null : p
          this.options.progress(p)
        },
        fleetChanged: this.options.fleetChanged,
        identityChanged: async (me) => {
          await this.storeIdentity(session.hubUrl, me)
          await this.options.fleetChanged('your access changed on the hub')
        },
        now: this.now,
      })
      if (this.session !== session) return
      this.connection = 'online'
      this.lastError = null
      this.failures = 0
      this.lastSyncAt = this.now().toISOString()
      if (result.rowsPulled > 0 || result.pushed > 0)
        await this.options.cache.putSetting('sync.lastSyncAt', this.lastSyncAt)
      if (result.retries > 0) this.retryLater(`${result.retries} edit(s) got no usable answer from the hub`)
    } catch (err) {
      if (this.session !== session) return
      this.progress = null
      if (err instanceof HubRequestError && err.failure === 'signed-out') {
        await this.expire(err, false)
        return
      }
      this.connection = 'offline'
      this.lastError = errorMessage(err)
      this.retryLater(this.lastError, err instanceof HubRequestError ? err.retryAfterMs : null)
    }
    await this.emitStatus()
  }

  private retryLater(reason: string, atLeastMs: number | null = null): void {
    this.failures++
    this.lastError = reason
    if (this.retryTimer) clearTimeout(this.retryTimer)
    const wait = Math.max(atLeastMs ?? 0, backoffDelay(this.failures, { baseMs: 1000, maxMs: 60_000 }))
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null
      this.kick()
    }, wait)
  }

  /** The hub refused the credentials: they are dropped, the identity kept (can() still answers offline). */
  private async expire(err: HubRequestError, waitForCycle = true): Promise<void> {
    await this.deactivate(waitForCycle)
    await this.options.credentials.clear()
    this.connection = 'sign-in-again'
    this.lastError = err.message
    await this.emitStatus()
  }

  private async storeIdentity(hubUrl: string, me: MeReply): Promise<void> {
    const record: HubIdentityRecord = {
      hubUrl,
      subject: me.subject as HubIdentityRecord['subject'],
      label: me.label,
      grants: me.grants as HubIdentityRecord['grants'],
      fetchedAt: this.now().toISOString(),
    }
    await this.options.cache.putSetting(HUB_IDENTITY_SETTING, record)
  }

  private async emitStatus(): Promise<void> {
    await this.options.status(await this.status())
  }
}
