import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { JWK } from 'jose'
import { CoreError } from '../shared/errors/CoreError'
import { importHubKeys, type HubKeys } from '../shared/robot/auth'
import type { LogEntry } from '../shared/domain/model'
import type { MessageChannel, SessionSink } from '../shared/robot/MessageChannel'
import { Agent } from './Agent'
import type { AgentConfig } from './agentConfig'
import { AgentLog } from './AgentLog'
import type { AgentSession } from './AgentSession'
import type { AgentTransport } from './transports/AgentTransport'
import { systemClock, type Clock } from './runtime/Clock'
import { FileConfigStore } from './ConfigStore'
import { canonicalJson } from './planResources'
import { errorMessage } from '../shared/errors/errorMessage'
import { HubKeyCache } from './hubKeys/HubKeyCache'
import { DEFAULT_KEY_REFRESH_POLICY, type KeyRefreshPolicy } from './hubKeys/decideKeyRefresh'
import { HubLink, hubLinkFiles, type HubLinkOptions } from './hub/HubLink'
import { HubConfigCache, type CachedHubConfig } from './hub/HubConfigCache'
import { configExpiry } from './hub/configExpiry'

export interface RunningAgent extends SessionSink {
  readonly agent: Agent
  readonly config: AgentConfig
  /** The hub's keys as fetched and cached, when the config names a hub. */
  readonly hubKeys: HubKeyCache | undefined
  /** The config, log and status link to the hub, when the config names a hub. */
  readonly hubLink: HubLink | undefined
  /** Serves one robot-protocol session on the channel (what every transport calls). */
  attachSession(channel: MessageChannel): AgentSession
  /** Stops transports, ends sessions (stopping actuators), closes resources and the log. */
  stop(): Promise<void>
}

export interface StartAgentOptions {
  /** Started in order after the agent is up; stopped in reverse order first on stop(). */
  transports?: AgentTransport[]
  clock?: Clock
  /** Each log entry as it is written (main prints them). */
  echo?: (entry: LogEntry) => void
  /** When to refresh the hub keys (tests shorten the gaps); the interval comes from the config. */
  keyRefresh?: Partial<KeyRefreshPolicy>
  /** The hub link's timings (tests shorten them). */
  hubLink?: Pick<HubLinkOptions, 'statusIntervalMs' | 'logBatchMs' | 'logBufferBytes' | 'backoff'>
}

/** Starts an agent from its local config: log, cached or given machine config, resources, transports. */
export async function startAgent(
  config: AgentConfig,
  options: StartAgentOptions = {},
): Promise<RunningAgent> {
  const clock = options.clock ?? systemClock()
  const hubPublicKey = await readHubKey(config)
  const logs = new AgentLog({
    partId: config.partId,
    clock,
    capacity: config.log.ringSize,
    level: config.log.level,
    file: {
      dir: join(config.dataDir, 'logs'),
      maxBytes: config.log.maxFileBytes,
      maxFiles: config.log.maxFiles,
    },
    ...(options.echo ? { echo: options.echo } : {}),
  })
  const log = logs.logger('agent')
  const hubKeys = config.hub
    ? await HubKeyCache.open({
        hubUrl: config.hub.url,
        file: join(config.dataDir, 'hub-keys.json'),
        clock,
        log: logs.logger('hub-keys'),
        policy: {
          ...DEFAULT_KEY_REFRESH_POLICY,
          intervalMs: config.hub.keyRefreshMinutes * 60_000,
          ...options.keyRefresh,
        },
      })
    : undefined
  const read = readMachineConfig(config, (message, error) => log.error(message, { error }))
  const local = config.configRevision === undefined ? read : { ...read, revision: config.configRevision }
  const cached = config.hub ? usableHubCache(config, clock.now(), log) : undefined
  // The hub's config, cached, wins over the local file: the hub is where the part's config lives.
  const initial = cached
    ? { config: cached.config, revision: cached.revision, sourceHash: `hub:${cached.etag}` }
    : local
  const agent = await Agent.start(
    {
      partId: config.partId,
      secret: config.secret,
      machineName: config.machineName,
      clock,
      log: logs,
      store: new FileConfigStore(join(config.dataDir, 'machine-config.json')),
      ...(hubPublicKey ? { hubPublicKey } : {}),
      ...(hubKeys ? { hubKeys } : {}),
    },
    initial,
  )
  hubKeys?.start()
  const hubLink = config.hub
    ? new HubLink({
        target: { url: config.hub.url, partId: config.partId, secret: config.secret },
        agent,
        logs,
        dataDir: config.dataDir,
        cached: cached && agent.configRevision === cached.revision ? cached : undefined,
        now: () => clock.now(),
        ...options.hubLink,
      })
    : undefined
  hubLink?.start()

  const transports = options.transports ?? []
  let stopping: Promise<void> | undefined
  const running: RunningAgent = {
    agent,
    config,
    hubKeys,
    hubLink,
    attachSession: (channel) => agent.attachSession(channel),
    stop: () =>
      (stopping ??= (async () => {
        for (const transport of [...transports].reverse()) {
          await transport
            .stop()
            .catch((error: unknown) => log.error('transport did not stop cleanly', { error }))
        }
        hubKeys?.close()
        hubLink?.close()
        await agent.close()
        logs.close()
      })()),
  }
  // ---- Transports start here (WebRTC signaling + mDNS, serial): main passes them in. ----
  const sink: SessionSink = { attachSession: (channel) => agent.attachSession(channel) }
  for (const transport of transports) await transport.start(sink)
  return running
}

/** The config cached from the hub, unless it is missing, damaged or expired (then the local one runs). */
function usableHubCache(
  config: AgentConfig,
  now: number,
  log: { warn(message: string, fields?: Record<string, unknown>): void },
): CachedHubConfig | undefined {
  const cached = new HubConfigCache(hubLinkFiles(config.dataDir).config).load()
  if (!cached) return undefined
  const expiry = configExpiry(cached.confirmedAt, now)
  if (expiry.state === 'expired') {
    log.warn(`${expiry.message}; running the local machine config instead`)
    return undefined
  }
  return cached
}

async function readHubKey(config: AgentConfig): Promise<HubKeys | undefined> {
  if (config.hubPublicKey === undefined) return undefined
  try {
    // The schema accepted a PEM string or a JSON object (a JWK, or the hub's JWKS); jose checks that
    // each object is a real Ed25519 JWK.
    return await importHubKeys(config.hubPublicKey as string | JWK | { keys: JWK[] })
  } catch (err) {
    const why = errorMessage(err)
    throw new CoreError(
      'invalid-argument',
      `invalid agent config: $.hubPublicKey is not an Ed25519 public key (${why})`,
    )
  }
}

/** The machine config named by the agent config, and a hash identifying its source content. */
function readMachineConfig(
  config: AgentConfig,
  report: (message: string, error: unknown) => void,
): { config: unknown; sourceHash?: string } {
  if (typeof config.machineConfig !== 'string') {
    return { config: config.machineConfig, sourceHash: hash(canonicalJson(config.machineConfig)) }
  }
  let text: string
  try {
    text = readFileSync(config.machineConfig, 'utf8')
  } catch (error) {
    report(`cannot read the machine config ${config.machineConfig}; using the cached one`, error)
    // Unknown source: the cache (if any) is the last good config, so it wins.
    return { config: undefined }
  }
  try {
    const parsed: unknown = JSON.parse(text)
    return { config: parsed, sourceHash: hash(canonicalJson(parsed)) }
  } catch (error) {
    report(`the machine config ${config.machineConfig} is not JSON`, error)
    return { config: undefined, sourceHash: hash(text) }
  }
}

function hash(text: string): string {
  return createHash('sha256').update(text).digest('hex')
}
