import { join } from 'node:path'
import type { Logger } from '../runtime/Logger'
import type { LinkedAgent, LinkedLog } from './linkedAgent'
import { configExpiry, type ConfigExpiry } from './configExpiry'
import { pollConfig } from './ConfigPoller'
import { HubConfigCache, type CachedHubConfig } from './HubConfigCache'
import { hubRequest, type HubTarget } from './hubRequest'
import { LogBuffer, toUploadEntry } from './LogBuffer'
import { startRetryLoop, type RetryLoop } from './retryLoop'
import { LogUploader } from './uploadLogs'
import type { BackoffPolicy } from './backoff'

// The agent's side of the hub: three loops over the part's credentials. The config loop
// long-polls, applies each new config through the agent's rebuild path (only what changed is
// rebuilt) and caches it; the log loop uploads the on-disk buffer in batches; the status loop
// reports version, uptime and the running revision. Each backs off on its own, and the link's state
// (online, offline, the cache's expiry) is what the status and logs say.

export interface HubLinkOptions {
  target: HubTarget
  agent: LinkedAgent
  logs: LinkedLog
  dataDir: string
  /** The config the agent was started from, when it came from this cache. */
  cached: CachedHubConfig | undefined
  statusIntervalMs?: number
  logBufferBytes?: number
  /** How long logs gather before a batch goes (they go at once past 500). */
  logBatchMs?: number
  backoff?: BackoffPolicy
  now?: () => number
}

export interface HubLinkStatus {
  state: 'connecting' | 'online' | 'offline'
  lastContactAt: string | null
  lastError: string | null
  configRevision: number | null
  configExpiry: ConfigExpiry | null
  logsBuffered: number
  logsDropped: number
}

export interface Reconfigured {
  revision: number
  etag: string
  rebuilt: string[]
  removed: string[]
}

export const HUB_CONFIG_FILE = 'hub-config.json'

export function hubLinkFiles(dataDir: string): { config: string; logs: string; logState: string } {
  return {
    config: join(dataDir, HUB_CONFIG_FILE),
    logs: join(dataDir, 'hub-logs.jsonl'),
    logState: join(dataDir, 'hub-logs.state.json'),
  }
}

export class HubLink {
  readonly buffer: LogBuffer
  private readonly cache: HubConfigCache
  private readonly uploader: LogUploader
  private readonly log: Logger
  private readonly now: () => number
  private known: CachedHubConfig | undefined
  private state: HubLinkStatus['state'] = 'connecting'
  private lastContactAt: number | null = null
  private lastError: string | null = null
  private lastExpiryState: ConfigExpiry['state'] = 'fresh'
  private readonly loops: RetryLoop[] = []
  private readonly listeners = new Set<(event: Reconfigured) => void>()
  private unsubscribeLogs: () => void = () => undefined

  constructor(private readonly options: HubLinkOptions) {
    const files = hubLinkFiles(options.dataDir)
    this.cache = new HubConfigCache(files.config)
    this.buffer = new LogBuffer({
      file: files.logs,
      stateFile: files.logState,
      maxBytes: options.logBufferBytes ?? 16 * 1024 * 1024,
    })
    this.log = options.logs.logger('hub-link')
    this.now = options.now ?? Date.now
    this.known = options.cached
    this.uploader = new LogUploader(options.target, this.buffer, this.now)
  }

  start(): void {
    // Subscribed before the loops run, so the link's own first lines are uploaded too.
    this.unsubscribeLogs = this.options.logs.subscribe((entry) => this.buffer.append(toUploadEntry(entry)))
    const backoff = this.options.backoff
    const config = startRetryLoop((signal) => this.configStep(signal), {
      onFailure: (err) => this.failed(err),
      ...(backoff ? { backoff } : {}),
    })
    const logs = startRetryLoop((signal) => this.logStep(signal), {
      onFailure: (err) => this.failed(err),
      ...(backoff ? { backoff } : {}),
    })
    const status = startRetryLoop((signal) => this.statusStep(signal), {
      onFailure: (err) => this.failed(err),
      ...(backoff ? { backoff } : {}),
    })
    this.buffer.onAppend(() => {
      if (this.buffer.size >= 500) logs.wake()
    })
    this.options.agent.onStatusChange(() => status.wake())
    this.loops.push(config, logs, status)
  }

  onReconfigured(listener: (event: Reconfigured) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  status(): HubLinkStatus {
    return {
      state: this.state,
      lastContactAt: this.lastContactAt === null ? null : new Date(this.lastContactAt).toISOString(),
      lastError: this.lastError,
      configRevision: this.known?.revision ?? null,
      configExpiry: this.known ? configExpiry(this.known.confirmedAt, this.now()) : null,
      logsBuffered: this.buffer.size,
      logsDropped: this.buffer.dropped.sinceStart,
    }
  }

  close(): void {
    for (const loop of this.loops) loop.stop()
    this.unsubscribeLogs()
    this.buffer.close()
  }

  private async configStep(signal: AbortSignal): Promise<number> {
    this.checkExpiry()
    const outcome = await pollConfig(this.options.target, this.known, signal)
    this.contact()
    if (outcome.kind === 'unchanged') {
      if (this.known) this.saveCache({ ...this.known, confirmedAt: this.now() })
      return 0
    }
    if (outcome.kind === 'uncomputable') {
      this.log.error('the hub cannot compute this part’s config; the running config is kept', {
        revision: outcome.revision,
        errors: outcome.errors,
      })
      this.skip(outcome)
      return 0
    }
    const agent = this.options.agent
    try {
      const applied = await agent.applyConfig(outcome.config, agent.configRevision, 'hub', outcome.revision)
      const cached = {
        revision: outcome.revision,
        etag: outcome.etag,
        config: outcome.config,
        confirmedAt: this.now(),
      }
      this.saveCache(cached)
      const event = {
        revision: outcome.revision,
        etag: outcome.etag,
        rebuilt: applied.rebuilt,
        removed: applied.removed,
      }
      for (const listener of this.listeners) listener(event)
    } catch (err) {
      // An invalid config (the agent logged every problem) keeps the running one; remembered so
      // it is not fetched again until the hub has another.
      this.log.error('the hub’s config was not applied; the running config is kept', {
        revision: outcome.revision,
        error: err,
      })
      this.skip(outcome)
    }
    return 0
  }

  /** Remembers a config not taken, so the next poll waits for a change instead of asking again. */
  private skip(outcome: { revision: number; etag: string }): void {
    const config = this.known?.config ?? {}
    this.known = { revision: outcome.revision, etag: outcome.etag, config, confirmedAt: this.now() }
  }

  private async logStep(signal: AbortSignal): Promise<number> {
    const outcome = await this.uploader.step(signal)
    if (outcome.kind === 'idle') return this.options.logBatchMs ?? 1_000
    this.contact()
    // More owed: at once; otherwise gather for a moment (a batch, not a request a line).
    const owed = this.buffer.size > 0 || this.buffer.dropped.refused > 0
    return owed ? 0 : (this.options.logBatchMs ?? 1_000)
  }

  private async statusStep(signal: AbortSignal): Promise<number> {
    const status = this.options.agent.status()
    await hubRequest(this.options.target, 'POST', '/v1/agent/status', {
      body: {
        version: status.version,
        uptimeSeconds: Math.round(status.uptimeMs / 100) / 10,
        configRevision: status.configRevision,
        resources: status.resources.map((r) => ({
          name: r.name,
          state: r.state === 'removed' ? 'removing' : r.state,
          ...(r.error !== undefined ? { error: r.error.slice(0, 2000) } : {}),
        })),
      },
      timeoutMs: 10_000,
      signal,
      expect: [204],
    })
    this.contact()
    return this.options.statusIntervalMs ?? 5_000
  }

  private saveCache(cached: CachedHubConfig): void {
    this.known = cached
    try {
      this.cache.save(cached)
    } catch (err) {
      this.log.error('could not cache the hub’s config in the data folder', { error: err })
    }
  }

  private contact(): void {
    if (this.state !== 'online') this.log.info('hub reached', { hub: this.options.target.url })
    this.state = 'online'
    this.lastContactAt = this.now()
    this.lastError = null
  }

  private failed(err: unknown): void {
    const message = err instanceof Error ? err.message : String(err)
    // Said once when the link goes down, not every retry: the log buffer must not fill with it.
    if (this.state !== 'offline') {
      this.log.warn('hub unreachable: running the cached config and buffering logs', { error: message })
    }
    this.state = 'offline'
    this.lastError = message
  }

  private checkExpiry(): void {
    if (!this.known) return
    const expiry = configExpiry(this.known.confirmedAt, this.now())
    if (expiry.state !== this.lastExpiryState && expiry.state !== 'fresh') {
      const fields = { expiresAt: expiry.expiresAt }
      if (expiry.state === 'expired') this.log.error(expiry.message, fields)
      else this.log.warn(expiry.message, fields)
    }
    this.lastExpiryState = expiry.state
  }
}
