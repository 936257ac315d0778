import type { Identity } from '../../shared/access/can'
import { can } from '../../shared/access/can'
import { validateMachineConfig } from '../../shared/config/machineConfigSchema'
import { CoreError } from '../../shared/api/errors'
import type { CoreEvents, CoreParsedParams, CoreResults } from '../../shared/api/contract'
import { ROBOT_METHOD_NAMES, type RobotMethodName } from '../../shared/api/channels'
import type { NearbyRobot, WatchTopic } from '../../shared/api/robotViews'
import type { LogEntry, Machine } from '../../shared/domain/model'
import type { MachineId, PartId } from '../../shared/ids'
import type { ClientAuth, RobotClient, Subscription } from '../../shared/robot/RobotClient'
import type { CacheStore } from '../cache/types'
import type { Emitter } from '../core/Emitter'
import type { FleetAccess } from '../core/FleetAccess'
import type { SecretBox } from '../secrets/SecretBox'
import { DiscoveryBrowser, type DiscoveredAgent } from './discovery/DiscoveryBrowser'
import type { MdnsOptions } from '../../net/mdns/mdnsOptions'
import { RobotSession } from './RobotSession'
import { parseAllowedNetworks, type AllowedNetworks } from '../../net/webrtc/candidateFilter'
import { LogBatcher } from './LogBatcher'

export { ROBOT_METHOD_NAMES, type RobotMethodName }
export type RobotHandlers = {
  [M in RobotMethodName]: (params: CoreParsedParams<M>) => Promise<CoreResults[M]>
}

export interface RobotServiceOptions {
  cache: CacheStore
  events: Emitter<CoreEvents>
  secrets: SecretBox
  access: () => FleetAccess
  identity: () => Identity
  /** Which networks ICE may use, as the setting's text (see candidateFilter.ts). */
  iceNetworks: () => string
  /** Adds a discovered robot to the cache as a machine in a location. */
  addMachine: (input: {
    partId: string
    name: string
    locationId: string
  }) => Promise<{ machineId: MachineId; partId: PartId }>
  /** An edit went into the outbox: the core pushes a fresh status, so the pending count is right. */
  outboxChanged: () => Promise<void>
}

interface Watch {
  topic: WatchTopic
  names?: string[]
  intervalMs?: number
  sub?: Subscription
}

const secretKey = (partId: string): string => `robot.secret.${partId}`

/**
 * The desktop's robots: what discovery sees, the open sessions, the live watches, and the calls the
 * UI makes on them. Each call on a machine the cache knows is checked with `can()` first; the agent
 * checks the session's role again on its side.
 */
export class RobotService {
  private readonly sessions = new Map<string, RobotSession>()
  private readonly watches = new Map<string, Map<WatchTopic, Watch>>()
  private readonly nearby = new Map<string, DiscoveredAgent>()
  private browser: DiscoveryBrowser | null = null
  private readonly logs: LogBatcher

  constructor(private readonly options: RobotServiceOptions) {
    this.logs = new LogBatcher((partId, entries) => {
      options.events.emit('robotLogs', { partId, entries })
      void options.cache
        .appendLogs(entries)
        .catch((err: unknown) => console.error('caching robot logs failed:', err))
    })
  }

  async startDiscovery(mdns: MdnsOptions): Promise<void> {
    if (this.browser) return
    const browser = new DiscoveryBrowser({ mdns })
    browser.on('up', (agent) => {
      this.nearby.set(agent.partId, agent)
      this.emitNearby()
    })
    browser.on('down', (agent) => {
      if (this.nearby.get(agent.partId)?.fqdn === agent.fqdn) this.nearby.delete(agent.partId)
      this.emitNearby()
    })
    browser.on('error', (err) => console.error('discovery:', err.message))
    browser.start()
    this.browser = browser
  }

  async stop(): Promise<void> {
    for (const session of this.sessions.values()) session.close()
    this.sessions.clear()
    this.logs.flushAll()
    await this.browser?.dispose()
    this.browser = null
  }

  private emitNearby(): void {
    this.options.events.emit('nearby', this.nearbyList())
  }

  private nearbyList(): NearbyRobot[] {
    return [...this.nearby.values()]
      .map((a) => ({
        partId: a.partId,
        machineName: a.machineName,
        host: a.host,
        port: a.port,
        protocolVersion: a.protocolVersion,
        lastSeen: new Date(a.lastSeen).toISOString(),
        machineId: this.knownMachine(a.partId)?.id ?? null,
        connected: this.sessions.has(a.partId),
      }))
      .sort((x, y) => x.machineName.localeCompare(y.machineName))
  }

  /** The cached machine with this part, if the identity may see it. */
  private knownMachine(partId: string): Machine | null {
    const access = this.options.access()
    const part = access.parts.get(partId as PartId)
    const machine = part && access.machines.get(part.machineId)
    if (!machine) return null
    return can(this.options.identity(), 'machine.control', access.machineRef(machine)) ? machine : null
  }

  /** Refuses a call the identity's cached role does not allow; unknown robots are left to the agent. */
  private check(
    partId: string,
    action: 'machine.control' | 'machine.seeAllTabs' | 'machine.editConfig',
    what: string,
  ): void {
    const access = this.options.access()
    const part = access.parts.get(partId as PartId)
    if (!part) return
    const machine = access.visibleMachine(this.options.identity(), part.machineId)
    access.require(this.options.identity(), action, machine, what)
  }

  private session(partId: string): RobotSession {
    const session = this.sessions.get(partId)
    if (!session)
      throw new CoreError(
        'unavailable',
        `No session to ${this.nearby.get(partId)?.machineName ?? partId}: connect first.`,
      )
    return session
  }

  private async authFor(partId: string, auth: CoreParsedParams<'connectRobot'>['auth']): Promise<ClientAuth> {
    switch (auth.kind) {
      case 'token':
        return { kind: 'token', token: auth.token }
      case 'secret':
        // Remembered only once the robot accepted it (see connectRobot).
        return { kind: 'secret', partId, secret: auth.secret }
      case 'remembered': {
        const sealed = await this.options.cache.getSetting<string>(secretKey(partId))
        if (!sealed)
          throw new CoreError(
            'unauthenticated',
            'No secret is remembered for this robot: enter its part secret or an access token.',
          )
        return { kind: 'secret', partId, secret: await this.options.secrets.decrypt(sealed) }
      }
    }
  }

  /** Remembers a part secret (sealed) so the robot can be connected to without typing it. */
  async rememberSecret(partId: string, secret: string): Promise<void> {
    await this.options.cache.putSetting(secretKey(partId), await this.options.secrets.encrypt(secret))
  }

  /** Subscribes (again, after a reconnect); resolves when the robot accepted, rejects with its refusal. */
  private subscribeWatch(partId: string, client: RobotClient, watch: Watch): Promise<void> {
    const events = this.options.events
    const subscribed = (() => {
      switch (watch.topic) {
        case 'logs':
          return client.subscribe({ topic: 'logs', tail: 200 }, (entries) =>
            this.logs.add(partId, entries as LogEntry[]),
          )
        case 'readings':
          return client.subscribe(
            {
              topic: 'readings',
              names: watch.names ?? [],
              ...(watch.intervalMs ? { intervalMs: watch.intervalMs } : {}),
            },
            (data) => events.emit('robotReadings', { partId, data }),
          )
        case 'status':
          return client.subscribe({ topic: 'status' }, (status) =>
            events.emit('robotStatus', { partId, status }),
          )
      }
    })()
    return subscribed.then((sub) => {
      void watch.sub?.unsubscribe().catch(() => undefined)
      watch.sub = sub
    })
  }

  readonly handlers: RobotHandlers = {
    listNearby: async () => this.nearbyList(),
    listRobotSessions: async () => [...this.sessions.values()].map((s) => s.view),
    connectRobot: async ({ partId, address, auth }) => {
      this.check(partId, 'machine.control', 'connect to it')
      const existing = this.sessions.get(partId)
      if (existing) {
        if (existing.view.state !== 'closed') return existing.view
        this.sessions.delete(partId)
      }
      const machine = this.knownMachine(partId)
      const discovered = this.nearby.get(partId)
      const session: RobotSession = new RobotSession({
        partId,
        machineId: machine?.id ?? null,
        machineName: machine?.name ?? discovered?.machineName ?? partId,
        auth: await this.authFor(partId, auth),
        resolveAddress: () => {
          const seen = this.nearby.get(partId)
          return seen ? { host: seen.host, port: seen.port } : (address ?? null)
        },
        candidateFilter: (): AllowedNetworks => parseAllowedNetworks(this.options.iceNetworks()),
        onChange: (view) => {
          this.options.events.emit('robotSession', view)
          if (view.state === 'closed' && this.sessions.get(partId) === session) {
            this.sessions.delete(partId)
            this.emitNearby()
          }
        },
        onLive: (client) => {
          for (const watch of this.watches.get(partId)?.values() ?? [])
            this.subscribeWatch(partId, client, watch).catch((err: unknown) =>
              console.error(
                `watch ${watch.topic} on ${partId} failed after reconnecting:`,
                err instanceof Error ? err.message : err,
              ),
            )
        },
      })
      this.sessions.set(partId, session)
      this.emitNearby()
      await session.open()
      // A refused secret must never replace one that works.
      if (auth.kind === 'secret' && auth.remember) await this.rememberSecret(partId, auth.secret)
      return session.view
    },
    disconnectRobot: async ({ partId }) => {
      const session = this.sessions.get(partId)
      if (!session) return null
      session.close()
      this.watches.delete(partId)
      return session.view
    },
    getRobotStatus: async ({ partId }) => {
      this.check(partId, 'machine.control', 'read its status')
      return this.session(partId).liveClient().status()
    },
    callComponent: async ({ partId, name, method, args }) => {
      this.check(partId, 'machine.control', 'control it')
      const client = this.session(partId).liveClient()
      return client.callComponent(name, method as never, args as never)
    },
    stopAll: async () => {
      const result: CoreResults['stopAll'] = { reached: [], failed: [] }
      await Promise.all(
        [...this.sessions.values()].map(async (session) => {
          const { partId, machineName } = session.view
          try {
            const { stopped } = await session.liveClient().stopAll()
            result.reached.push({ partId, machineName, stopped })
          } catch (err) {
            result.failed.push({
              partId,
              machineName,
              error: err instanceof Error ? err.message : String(err),
            })
          }
        }),
      )
      return result
    },
    watchRobot: async ({ partId, topic, names, intervalMs }) => {
      this.check(
        partId,
        topic === 'logs' ? 'machine.seeAllTabs' : 'machine.control',
        topic === 'logs' ? 'read its logs' : 'watch it',
      )
      const client = this.session(partId).liveClient()
      const byTopic = this.watches.get(partId) ?? new Map<WatchTopic, Watch>()
      this.watches.set(partId, byTopic)
      const watch: Watch = {
        topic,
        ...(names ? { names } : {}),
        ...(intervalMs ? { intervalMs } : {}),
        ...(byTopic.get(topic)?.sub ? { sub: byTopic.get(topic)?.sub } : {}),
      }
      try {
        await this.subscribeWatch(partId, client, watch)
      } catch (err) {
        // The robot refused (an operator session asking for logs, say): say so, keep nothing.
        if (byTopic.get(topic) === watch) byTopic.delete(topic)
        throw err
      }
      byTopic.set(topic, watch)
      return { watching: true }
    },
    unwatchRobot: async ({ partId, topic }) => {
      const watch = this.watches.get(partId)?.get(topic)
      this.watches.get(partId)?.delete(topic)
      await watch?.sub?.unsubscribe().catch(() => undefined)
      return { watching: false }
    },
    getRobotLogs: async ({ partId, limit }) => {
      this.check(partId, 'machine.seeAllTabs', 'read its logs')
      this.logs.flush(partId)
      return this.options.cache.queryLogs({ partId, limit })
    },
    applyConfigToRobot: async ({ partId }) => {
      this.check(partId, 'machine.editConfig', 'apply a config to it')
      const cached = await this.options.cache.getPartConfig(partId)
      const config = cached.pending?.config ?? cached.config
      if (!config) throw new CoreError('not-found', 'There is no saved config for this part to apply.')
      const client = this.session(partId).liveClient()
      const { revision } = await client.getConfig()
      // The robot's own revision is the base: applying over a config changed since would lose it.
      const base = cached.pending?.baseRevision ?? cached.revision
      if (revision > base) {
        throw new CoreError(
          'conflict',
          `The robot runs revision ${revision}, newer than revision ${base} this edit was based on. Review its config before applying.`,
        )
      }
      return client.applyConfig(config, revision)
    },
    addNearbyRobot: async ({ partId, locationId, name }) => {
      const access = this.options.access()
      const location = access.locations.get(locationId)
      if (!location) throw new CoreError('not-found', `No location ${locationId} in the cache.`)
      if (access.parts.has(partId as PartId))
        throw new CoreError('conflict', 'This robot is already a machine in the fleet.')
      const ref = {
        kind: 'location' as const,
        orgId: location.orgId,
        locationPath: access.locationPath(location.id),
      }
      if (!can(this.options.identity(), 'location.createMachine', ref)) {
        throw new CoreError(
          'permission-denied',
          `Your role does not allow you to add machines to ${location.name}.`,
        )
      }
      const added = await this.options.addMachine({ partId, name, locationId })
      // An owner's live session can read the robot's config: kept as the new machine's first edit,
      // waiting in the outbox for the hub.
      const session = this.sessions.get(partId)
      if (session?.view.state === 'live' && session.view.role === 'owner') {
        const { config } = await session.liveClient().getConfig()
        const valid = validateMachineConfig(config)
        if (valid.ok) {
          await this.options.cache.saveLocalEdit({
            partId: added.partId,
            baseRevision: 0,
            config: valid.config,
            author: 'robot',
          })
          await this.options.outboxChanged()
        }
      }
      this.emitNearby()
      return { ...added, locationId: location.id }
    },
  }
}
