import { CoreError } from '../shared/errors/CoreError'
import type { MachineConfig } from '../shared/config/machineConfigSchema'
import { agentChallengeProof, randomNonce, type HubKeys } from '../shared/robot/auth'
import type { MessageChannel } from '../shared/robot/MessageChannel'
import {
  HEARTBEAT_INTERVAL_MS,
  HEARTBEAT_TIMEOUT_MS,
  PROTOCOL_VERSION,
  type ApplyConfigResult,
  type MachineStatus,
} from '../shared/robot/protocol'
import { AgentLog } from './AgentLog'
import type { Logger } from './runtime/Logger'
import { AgentSession } from './AgentSession'
import { authenticateHello } from './authenticateHello'
import { checkMachineConfig } from './checkMachineConfig'
import { systemClock, type Clock } from './runtime/Clock'
import { MemoryConfigStore, type ConfigStore } from './ConfigStore'
import { ModelRegistry } from './ModelRegistry'
import type { Resource } from './models/Resource'
import { ResourceGraph } from './ResourceGraph'
import type { SessionHost } from './SessionHost'
import { AGENT_VERSION } from './version'
import type { HubKeySource } from './hubKeys/HubKeySource'

// The agent's heart: the running config and its resource graph, and the sessions served on any
// channel. Transports (WebRTC, serial, in-memory in tests) only hand it channels.

export interface AgentOptions {
  partId: string
  secret: string
  machineName: string
  /** The hub's Ed25519 public key or key set; without it only the part secret opens a session. */
  hubPublicKey?: HubKeys
  /** The hub's keys fetched from the hub and cached (startAgent's HubKeyCache). */
  hubKeys?: HubKeySource
  clock?: Clock
  log?: AgentLog
  registry?: ModelRegistry
  /** Where the last good config is kept (the data folder in production). */
  store?: ConfigStore
  heartbeatTimeoutMs?: number
}

export interface InitialConfig {
  /** The machine config the agent was started with (unvalidated). */
  config: unknown
  /** Identifies that config's source; when it differs from the cached one's, the source wins. */
  sourceHash?: string
  /** The fleet's number for that config (the hub's revision), reported as the running revision. */
  revision?: number
}

export class Agent {
  readonly partId: string
  readonly machineName: string
  readonly clock: Clock
  /** The agent's log store: ring buffer, file, subscribers. */
  readonly logs: AgentLog
  private readonly log: Logger
  private readonly graph: ResourceGraph
  private readonly registry: ModelRegistry
  private readonly store: ConfigStore
  private readonly sessions = new Map<string, AgentSession>()
  private readonly statusListeners = new Set<() => void>()
  private readonly startedAt: number
  private revision = 0
  private config: MachineConfig = {}
  private sourceHash: string | undefined
  private queue: Promise<unknown> = Promise.resolve()
  private readonly host: SessionHost

  private constructor(private readonly options: AgentOptions) {
    this.partId = options.partId
    this.machineName = options.machineName
    this.clock = options.clock ?? systemClock()
    this.logs = options.log ?? new AgentLog({ partId: options.partId, clock: this.clock })
    this.log = this.logs.logger('agent')
    this.store = options.store ?? new MemoryConfigStore()
    this.startedAt = this.clock.now()
    this.registry = options.registry ?? new ModelRegistry()
    this.graph = new ResourceGraph({
      registry: this.registry,
      clock: this.clock,
      log: this.logs.logger('resources'),
      onChange: () => this.emitStatus(),
    })
    this.host = this.createHost()
  }

  /** Starts with the cached config, or the given one when its source changed; never fails on a bad config. */
  static async start(options: AgentOptions, initial: InitialConfig = { config: {} }): Promise<Agent> {
    const agent = new Agent(options)
    await agent.startWith(initial)
    return agent
  }

  /** Serves one session on the channel until it closes. */
  attachSession(channel: MessageChannel): AgentSession {
    const session = new AgentSession(this.host, channel)
    if (session.isOpen) this.sessions.set(session.id, session)
    return session
  }

  get sessionCount(): number {
    return this.sessions.size
  }

  get configRevision(): number {
    return this.revision
  }

  currentConfig(): { revision: number; config: MachineConfig } {
    return { revision: this.revision, config: this.config }
  }

  status(): MachineStatus {
    return {
      partId: this.partId,
      machineName: this.machineName,
      version: AGENT_VERSION,
      protocolVersion: PROTOCOL_VERSION,
      uptimeMs: this.clock.now() - this.startedAt,
      configRevision: this.revision,
      resources: this.graph.statuses(),
    }
  }

  /**
   * Applies a config edited from `baseRevision`. Refused with `conflict` when the running config
   * has moved on, with `invalid-argument` and every problem when invalid; either way the running
   * config is untouched. With `revision` (the fleet's number for this config) the agent reports that
   * number; without, it numbers the config itself.
   */
  applyConfig(
    config: unknown,
    baseRevision: number,
    author = 'local',
    revision?: number,
  ): Promise<ApplyConfigResult> {
    return this.serialized(async () => {
      if (baseRevision !== this.revision) {
        throw new CoreError(
          'conflict',
          `the config was edited from revision ${baseRevision}, but the agent is running revision ${this.revision}; reload it and apply your changes again`,
        )
      }
      let valid: MachineConfig
      try {
        valid = this.check(config)
      } catch (err) {
        const fieldErrors = err instanceof CoreError ? err.fieldErrors : undefined
        this.log.warn('config refused: the running config is unchanged', {
          author,
          revision: this.revision,
          fieldErrors,
        })
        throw err
      }
      const { rebuilt, removed } = await this.graph.apply(valid)
      this.commit(valid, revision ?? this.revision + 1)
      this.log.info('config revision applied', { revision: this.revision, author, rebuilt, removed })
      return { revision: this.revision, rebuilt, removed, resources: this.graph.statuses() }
    })
  }

  /** Rebuilds every resource from the running config. */
  restart(author = 'local'): Promise<ApplyConfigResult> {
    return this.serialized(async () => {
      this.log.info('restart: rebuilding every resource', { author })
      const { rebuilt, removed } = await this.graph.apply(this.config, { rebuildAll: true })
      return { revision: this.revision, rebuilt, removed, resources: this.graph.statuses() }
    })
  }

  resource(name: string): Resource {
    return this.graph.resource(name)
  }

  stopAll(): string[] {
    return this.stopWhere(() => true)
  }

  onStatusChange(listener: () => void): () => void {
    this.statusListeners.add(listener)
    return () => this.statusListeners.delete(listener)
  }

  /** Ends every session (stopping what they moved) and closes every resource. */
  async close(): Promise<void> {
    for (const session of [...this.sessions.values()]) session.close('agent stopping')
    this.sessions.clear()
    await this.serialized(() => this.graph.close())
    this.log.info('agent stopped')
  }

  private async startWith(initial: InitialConfig): Promise<void> {
    this.sourceHash = initial.sourceHash
    const stored = this.store.load()
    const candidates: Array<{ config: unknown; revision: number; what: string }> = []
    const sameSource = stored !== undefined && stored.sourceHash === initial.sourceHash
    if (stored && sameSource)
      candidates.push({ config: stored.config, revision: stored.revision, what: 'cached config' })
    const numbered = initial.revision ?? (stored?.revision ?? 0) + 1
    candidates.push({ config: initial.config, revision: numbered, what: 'config' })
    if (stored && !sameSource)
      candidates.push({ config: stored.config, revision: stored.revision, what: 'cached config' })
    for (const candidate of candidates) {
      try {
        const valid = this.check(candidate.config)
        await this.graph.apply(valid)
        this.commit(valid, candidate.revision)
        this.log.info(`running the ${candidate.what}`, { revision: candidate.revision })
        return
      } catch (err) {
        const fieldErrors = err instanceof CoreError ? (err.fieldErrors ?? []) : []
        this.log.error(`the ${candidate.what} is invalid and was not applied`, { error: err, fieldErrors })
      }
    }
    this.log.warn('no valid config: running with no resources until one is applied')
  }

  /** Schema and agent checks together; throws `invalid-argument` listing every problem. */
  private check(config: unknown): MachineConfig {
    const checked = checkMachineConfig(config, this.registry)
    if (checked.ok) return checked.config
    const { errors } = checked
    const list = errors.map((e) => `${e.path}: ${e.message}`).join('; ')
    throw new CoreError(
      'invalid-argument',
      `invalid config (${errors.length} problem${errors.length === 1 ? '' : 's'}), revision ${this.revision} keeps running: ${list}`,
      errors,
    )
  }

  private commit(config: MachineConfig, revision: number): void {
    this.config = config
    this.revision = revision
    try {
      const saved = { revision, config, savedAt: new Date(this.clock.now()).toISOString() }
      this.store.save(this.sourceHash === undefined ? saved : { ...saved, sourceHash: this.sourceHash })
    } catch (err) {
      this.log.error('could not cache the config in the data folder', { error: err })
    }
    this.emitStatus()
  }

  private serialized<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task)
    this.queue = run.catch(() => undefined)
    return run
  }

  private stopWhere(pick: (name: string) => boolean): string[] {
    const stopped: string[] = []
    for (const [name, resource] of this.graph.ready()) {
      if (!resource.isActuator || !pick(name)) continue
      try {
        resource.stop()
        stopped.push(name)
      } catch (err) {
        this.log.error('stop failed', { name, error: err })
      }
    }
    return stopped
  }

  private emitStatus(): void {
    for (const listener of this.statusListeners) listener()
  }

  private createHost(): SessionHost {
    // Built at the end of the constructor, so the clock and the logs are set.
    return {
      partId: this.options.partId,
      protocolVersion: PROTOCOL_VERSION,
      heartbeatTimeoutMs: this.options.heartbeatTimeoutMs ?? HEARTBEAT_TIMEOUT_MS,
      clock: this.clock,
      log: this.logs.logger('session'),
      logs: this.logs,
      newNonce: randomNonce,
      authenticate: (hello, nonce) => authenticateHello(hello, nonce, this.options, this.clock.now()),
      helloResult: async (sessionId, role, secretAuth) => ({
        role,
        partId: this.partId,
        machineName: this.machineName,
        agentVersion: AGENT_VERSION,
        protocolVersion: PROTOCOL_VERSION,
        sessionId,
        heartbeatIntervalMs: HEARTBEAT_INTERVAL_MS,
        heartbeatTimeoutMs: this.options.heartbeatTimeoutMs ?? HEARTBEAT_TIMEOUT_MS,
        ...(secretAuth
          ? {
              agentProof: await agentChallengeProof(
                this.options.secret,
                secretAuth.nonce,
                secretAuth.clientNonce,
                this.partId,
              ),
            }
          : {}),
      }),
      status: () => this.status(),
      getConfig: () => this.currentConfig(),
      applyConfig: (config, base, author, revision) => this.applyConfig(config, base, author, revision),
      restart: (author) => this.restart(author),
      resource: (name) => this.graph.resource(name),
      readings: (names) => ({
        time: new Date(this.clock.now()).toISOString(),
        readings: this.graph.readings(names),
      }),
      stopAll: () => this.stopAll(),
      stopResources: (names) => this.stopWhere((name) => names.includes(name)),
      onStatusChange: (listener) => this.onStatusChange(listener),
      sessionClosed: (sessionId) => this.sessions.delete(sessionId),
    }
  }
}
