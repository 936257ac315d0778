import { decodeProtectedHeader, type JWK } from 'jose'
import { importHubKeys, type HubKeys, type HubKeySet } from '../../shared/robot/auth'
import { errorMessage } from '../../shared/errors/errorMessage'
import type { Clock, TimerHandle } from '../runtime/Clock'
import type { Logger } from '../runtime/Logger'
import {
  decideKeyRefresh,
  DEFAULT_KEY_REFRESH_POLICY,
  type KeyRefreshPolicy,
  type KeyRefreshReason,
  type KeyRefreshState,
} from './decideKeyRefresh'
import type { HubKeySource } from './HubKeySource'
import { jwksOf, readHubKeyFile, writeHubKeyFile, type CachedHubKeys } from './hubKeyFile'

// The hub's public keys, fetched from `GET <hub>/v1/keys`, kept in memory and in a file of the
// data folder, refreshed on a timer and when a token names a key id the set lacks (when
// decideKeyRefresh allows it). Verification never waits on the hub beyond one bounded fetch: a
// hub out of reach leaves the last set in use.

/** The key set answer is a few hundred bytes; anything this large is not a hub's. */
const MAX_JWKS_BYTES = 256 * 1024

export interface HubKeyCacheOptions {
  /** The hub's base URL (`http://hub.lan:8080`, or with a path behind a reverse proxy). */
  hubUrl: string
  /** The cache file, in the agent's data folder. */
  file: string
  clock: Clock
  log: Logger
  policy?: KeyRefreshPolicy
  /** How long one fetch may take. */
  fetchTimeoutMs?: number
}

/** `<hub>/v1/keys`, keeping a path prefix the hub may be served under. */
export function keysUrl(hubUrl: string): URL {
  return new URL('v1/keys', hubUrl.endsWith('/') ? hubUrl : `${hubUrl}/`)
}

export class HubKeyCache implements HubKeySource {
  private keys: HubKeySet | undefined
  private kids = new Set<string>()
  private readonly state: KeyRefreshState = { fetchedAt: null, lastAttemptAt: null, failures: 0 }
  private readonly policy: KeyRefreshPolicy
  private inFlight: Promise<boolean> | undefined
  private timer: TimerHandle | undefined
  private closed = false

  private constructor(private readonly options: HubKeyCacheOptions) {
    this.policy = options.policy ?? DEFAULT_KEY_REFRESH_POLICY
  }

  /** Opens the cache with the keys of its file (if any, and from this hub); fetches nothing yet. */
  static async open(options: HubKeyCacheOptions): Promise<HubKeyCache> {
    const cache = new HubKeyCache(options)
    const read = readHubKeyFile(options.file)
    switch (read.kind) {
      case 'missing':
        break
      case 'damaged':
        options.log.warn('the cached hub key file is damaged; fetching the keys again', {
          file: options.file,
          why: read.why,
        })
        break
      case 'ok':
        if (read.cached.hubUrl !== options.hubUrl) {
          options.log.warn('the cached hub keys are from another hub; not trusting them', {
            cachedFrom: read.cached.hubUrl,
            hub: options.hubUrl,
          })
        } else {
          try {
            await cache.use(read.cached)
          } catch (err) {
            options.log.warn('the cached hub keys do not import; fetching them again', {
              why: errorMessage(err),
            })
          }
        }
        break
      default: {
        const unknown: never = read
        throw new Error(`unexpected ${String(unknown)}`)
      }
    }
    return cache
  }

  /** Fetches once now (not awaited) and then checks on a timer. */
  start(): void {
    void this.refresh('start')
    const every = Math.max(1000, Math.min(this.policy.minGapMs, this.policy.intervalMs))
    this.timer = this.options.clock.setInterval(() => void this.refresh('timer'), every)
  }

  close(): void {
    this.closed = true
    if (this.timer) this.options.clock.clearTimer(this.timer)
    this.timer = undefined
  }

  /** The key ids the agent trusts now. */
  knownKids(): string[] {
    return [...this.kids]
  }

  async keysFor(token: string): Promise<HubKeys | undefined> {
    if (this.inFlight) await this.inFlight
    let kid: string | undefined
    try {
      kid = decodeProtectedHeader(token).kid
    } catch {
      // Malformed: verification says so with the set as it is.
      return this.keys
    }
    if (this.keys === undefined || (kid !== undefined && !this.kids.has(kid))) {
      await this.refresh('unknown-kid')
    }
    return this.keys
  }

  /**
   * Fetches the key set when decideKeyRefresh allows it (joining a fetch already running); true
   * when a fetch ran and succeeded.
   */
  refresh(reason: KeyRefreshReason): Promise<boolean> {
    if (this.closed) return Promise.resolve(false)
    if (this.inFlight) return this.inFlight
    const now = this.options.clock.now()
    const decision = decideKeyRefresh(this.state, reason, now, this.policy)
    if (!decision.refresh) return Promise.resolve(false)
    this.state.lastAttemptAt = now
    this.inFlight = this.fetchOnce(reason).finally(() => (this.inFlight = undefined))
    return this.inFlight
  }

  private async fetchOnce(reason: KeyRefreshReason): Promise<boolean> {
    const { hubUrl, file, log } = this.options
    try {
      const cached: CachedHubKeys = {
        hubUrl,
        fetchedAt: this.options.clock.now(),
        jwks: await this.download(),
      }
      const before = this.knownKids().sort().join(',')
      await this.use(cached)
      this.state.failures = 0
      try {
        writeHubKeyFile(file, cached)
      } catch (err) {
        log.warn('cannot write the hub key cache; the keys hold until a restart', {
          file,
          why: errorMessage(err),
        })
      }
      const after = this.knownKids().sort().join(',')
      if (before !== after) log.info('hub keys updated', { reason, kids: this.knownKids() })
      return true
    } catch (err) {
      this.state.failures += 1
      log.warn('cannot fetch the hub keys; using the cached ones', {
        reason,
        hub: hubUrl,
        why: errorMessage(err),
        cachedKids: this.knownKids(),
      })
      return false
    }
  }

  private async download(): Promise<{ keys: JWK[] }> {
    const response = await fetch(keysUrl(this.options.hubUrl), {
      headers: { accept: 'application/json' },
      signal: AbortSignal.timeout(this.options.fetchTimeoutMs ?? 10_000),
      redirect: 'error',
    })
    const text = await response.text()
    if (!response.ok) throw new Error(`the hub answered ${response.status}: ${text.slice(0, 200)}`)
    if (text.length > MAX_JWKS_BYTES) throw new Error(`the key set is ${text.length} bytes`)
    let value: unknown
    try {
      value = JSON.parse(text)
    } catch {
      throw new Error('the hub’s key set is not JSON')
    }
    const jwks = jwksOf(value)
    if (typeof jwks === 'string') throw new Error(`the hub’s key set is malformed: ${jwks}`)
    return jwks
  }

  /** Imports every key first, so a set with one bad key leaves the old set in place. */
  private async use(cached: CachedHubKeys): Promise<void> {
    const imported = await importHubKeys(cached.jwks)
    if (!('keys' in imported)) throw new Error('a key set was expected')
    this.keys = imported
    this.kids = new Set(imported.keys.flatMap((k) => (k.kid === undefined ? [] : [k.kid])))
    this.state.fetchedAt = cached.fetchedAt
  }
}
