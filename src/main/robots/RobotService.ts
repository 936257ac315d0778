import type { Identity } from '../../shared/access/can'
import { assertNever, CoreError } from '../../shared/errors/CoreError'
import type { CoreEvents } from '../../shared/api/contract'
import { ROBOT_METHOD_NAMES, type RobotMethodName } from '../../shared/api/channels'
import type { NearbyRobot } from '../../shared/api/robotViews'
import { errorMessage } from '../../shared/errors/errorMessage'
import { validateMachineConfig } from '../../shared/config/machineConfigSchema'
import type { MachineId, PartId } from '../../shared/ids'
import { sessionRoleAllows } from '../../shared/robot/sessionRoleAllows'
import type { MdnsOptions } from '../../net/mdns/mdnsOptions'
import { parseAllowedNetworks } from '../../net/webrtc/candidateFilter'
import { configToShow } from '../cache/configToShow'
import { effectiveConfigFor } from '../cache/effectiveConfigFor'
import type { CacheStore } from '../cache/types'
import type { Emitter } from '../core/Emitter'
import type { FleetAccess } from '../core/FleetAccess'
import type { SecretBox } from '../secrets/SecretBox'
import { deviceIdentity, type SerialDeviceIdentity } from '../serial/ports/findReturningPort'
import { createSerialConnector, type SerialPortSource } from './connectors/createSerialConnector'
import { createWebRtcConnector } from './connectors/createWebRtcConnector'
import { connectorByKind, type RobotConnector } from './connectors/RobotConnector'
import type { RobotTarget } from './connectors/RobotTarget'
import { decideApplyToRobot } from './decideApplyToRobot'
import { LogBatcher } from './LogBatcher'
import { NearbyRobots } from './NearbyRobots'
import { RememberedSecrets } from './RememberedSecrets'
import { RobotAccess } from './RobotAccess'
import { RobotSessions } from './RobotSessions'
import type { CoreRobots, RobotHandlers } from '../core/CoreRobots'
import { RobotWatches } from './RobotWatches'

export { ROBOT_METHOD_NAMES, type RobotMethodName }

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
  /** How sessions reach robots; by default WebRTC for LAN targets and serial ports for serial ones. */
  connector?: RobotConnector
  /**
   * This computer's serial ports (the shared SerialPortWatcher): a serial session remembers the
   * device it opened, and reconnects where that device is listed again.
   */
  serialPorts?: SerialPortSource
  /** An edit went into the outbox: the core pushes a fresh status, so the pending count is right. */
  outboxChanged: () => Promise<void>
}

/**
 * The desktop's robots: what discovery sees, the open sessions, the live watches, the remembered
 * secrets, and the calls the UI makes on them. Each call on a machine the cache knows is checked
 * with `can()` first; the agent checks the session's role again on its side.
 */
export class RobotService implements CoreRobots {
  private readonly nearby: NearbyRobots
  private readonly sessions: RobotSessions
  private readonly watches: RobotWatches
  private readonly secrets: RememberedSecrets
  private readonly access: RobotAccess
  private readonly logs: LogBatcher

  constructor(private readonly options: RobotServiceOptions) {
    const { events, cache } = options
    this.logs = new LogBatcher((partId, entries) => {
      events.emit('robotLogs', { partId, entries })
      void cache.appendLogs(entries).catch((err: unknown) => console.error('caching robot logs failed:', err))
    })
    this.access = new RobotAccess(options.access, options.identity)
    this.secrets = new RememberedSecrets(cache, options.secrets)
    this.nearby = new NearbyRobots(() => this.emitNearby())
    this.watches = new RobotWatches({
      logs: (partId, entries) => this.logs.add(partId, entries),
      readings: (partId, data) => events.emit('robotReadings', { partId, data }),
      status: (partId, status) => events.emit('robotStatus', { partId, status }),
    })
    this.sessions = new RobotSessions({
      connector:
        options.connector ??
        connectorByKind({
          lan: createWebRtcConnector({ candidateFilter: () => parseAllowedNetworks(options.iceNetworks()) }),
          serial: createSerialConnector(options.serialPorts ? { ports: options.serialPorts } : {}),
        }),
      onChange: (view) => events.emit('robotSession', view),
      onOpenOrEnd: () => this.emitNearby(),
      onLive: (partId, client) => this.watches.resubscribe(partId, client),
    })
  }

  startDiscovery(mdns: MdnsOptions): Promise<void> {
    return this.nearby.start(mdns)
  }

  /** Stops browsing (to start again on another interface); what it saw is forgotten until seen again. */
  stopDiscovery(): Promise<void> {
    return this.nearby.stop()
  }

  async stop(): Promise<void> {
    this.sessions.closeAll()
    this.logs.flushAll()
    await this.nearby.stop()
  }

  /** Remembers a part secret (sealed) so the robot can be connected to without typing it. */
  rememberSecret(partId: string, secret: string): Promise<void> {
    return this.secrets.remember(partId, secret)
  }

  hasRememberedSecret(partId: string): Promise<boolean> {
    return this.secrets.has(partId)
  }

  knownMachine(partId: string): { id: MachineId; name: string } | null {
    const machine = this.access.knownMachine(partId)
    return machine ? { id: machine.id, name: machine.name } : null
  }

  private emitNearby(): void {
    this.options.events.emit('nearby', this.nearbyList())
  }

  private nearbyList(): NearbyRobot[] {
    return this.nearby
      .list()
      .map((a) => ({
        partId: a.partId,
        machineName: a.machineName,
        host: a.host,
        port: a.port,
        protocolVersion: a.protocolVersion,
        lastSeen: new Date(a.lastSeen).toISOString(),
        machineId: this.access.knownMachine(a.partId)?.id ?? null,
        connected: this.sessions.has(a.partId),
      }))
      .sort((x, y) => x.machineName.localeCompare(y.machineName))
  }

  /** The device on a port as listed now (a path not listed, a pty, is known by its path alone). */
  private async identifySerial(path: string): Promise<SerialDeviceIdentity | undefined> {
    const ports = this.options.serialPorts
    if (!ports) return undefined
    try {
      return deviceIdentity(path, await ports.list())
    } catch (err) {
      // Without a listing the session still opens the path; it just cannot follow the device.
      console.error(`listing serial ports failed: ${errorMessage(err)}`)
      return deviceIdentity(path, [])
    }
  }

  private liveClient(partId: string): ReturnType<RobotSessions['liveClient']> {
    return this.sessions.liveClient(partId, this.nearby.get(partId)?.machineName ?? partId)
  }

  readonly handlers: RobotHandlers = {
    listNearby: async () => this.nearbyList(),
    listRobotSessions: async () => this.sessions.views(),
    connectRobot: async ({ partId, address, auth }) => {
      this.access.check(partId, 'machine.control', 'connect to it')
      const open = this.sessions.get(partId)?.view
      if (open && open.state !== 'closed') return open
      const machine = this.access.knownMachine(partId)
      const device = address && 'path' in address ? await this.identifySerial(address.path) : undefined
      const view = await this.sessions.open({
        partId,
        machineId: machine?.id ?? null,
        machineName: machine?.name ?? this.nearby.get(partId)?.machineName ?? partId,
        auth: await this.secrets.authFor(partId, auth),
        // Where discovery sees it now (it may have moved), else the address given.
        resolveTarget: (): RobotTarget | null => {
          // A serial port is where the technician plugged it: discovery has no say.
          if (address && 'path' in address)
            return { kind: 'serial', ...address, ...(device ? { device } : {}) }
          const seen = this.nearby.get(partId) ?? address
          return seen ? { kind: 'lan', host: seen.host, port: seen.port } : null
        },
      })
      // A refused secret must never replace one that works.
      if (auth.kind === 'secret' && auth.remember) await this.secrets.remember(partId, auth.secret)
      return view
    },
    disconnectRobot: async ({ partId }) => {
      const view = this.sessions.close(partId)
      this.watches.forget(partId)
      return view
    },
    getRobotStatus: async ({ partId }) => {
      this.access.check(partId, 'machine.control', 'read its status')
      return this.liveClient(partId).status()
    },
    callComponent: async ({ partId, name, method, args }) => {
      this.access.check(partId, 'machine.control', 'control it')
      // The robot checks the method and its arguments against the component's own API.
      return this.liveClient(partId).callComponent(name, method as never, args as never)
    },
    stopAll: async () => this.sessions.stopAll(),
    watchRobot: async ({ partId, topic, names, intervalMs }) => {
      this.access.check(
        partId,
        topic === 'logs' ? 'machine.seeAllTabs' : 'machine.control',
        topic === 'logs' ? 'read its logs' : 'watch it',
      )
      await this.watches.watch(partId, this.liveClient(partId), {
        topic,
        ...(names ? { names } : {}),
        ...(intervalMs ? { intervalMs } : {}),
      })
      return { watching: true }
    },
    unwatchRobot: async ({ partId, topic }) => {
      await this.watches.unwatch(partId, topic)
      return { watching: false }
    },
    getRobotLogs: async ({ partId, limit }) => {
      this.access.check(partId, 'machine.seeAllTabs', 'read its logs')
      this.logs.flush(partId)
      return this.options.cache.queryLogs({ partId, limit })
    },
    applyConfigToRobot: async ({ partId }) => {
      this.access.check(partId, 'machine.editConfig', 'apply a config to it')
      const cached = await this.options.cache.getPartConfig(partId)
      // Checked before the robot is asked anything.
      if (!configToShow(cached)) throw noConfigToApply()
      const client = this.liveClient(partId)
      const decision = decideApplyToRobot(cached, (await client.getConfig()).revision)
      switch (decision.kind) {
        case 'nothing-to-apply':
          throw noConfigToApply()
        case 'conflict':
          throw new CoreError(
            'conflict',
            `The robot runs revision ${decision.robotRevision}, newer than revision ${decision.baseRevision} this edit was based on. Review its config before applying.`,
          )
        case 'apply': {
          // The robot runs what the machine means: its own resources with its fragments resolved
          // and their mods applied (refused whole if a fragment is missing or clashes).
          const effective = await effectiveConfigFor(this.options.cache, cached)
          // The hub's config as it is: the robot reports its revision from now on. A local edit is
          // not a revision yet, so the robot numbers that one itself.
          return client.applyConfig(
            effective ?? decision.config,
            decision.robotRevision,
            cached.pending ? undefined : cached.revision,
          )
        }
        default:
          return assertNever(decision, 'apply decision')
      }
    },
    addNearbyRobot: async ({ partId, locationId, name }) => {
      const location = this.access.locationForNewMachine(locationId)
      if (this.access.isKnownPart(partId))
        throw new CoreError('conflict', 'This robot is already a machine in the fleet.')
      const added = await this.options.addMachine({ partId, name, locationId })
      // A live session allowed to read the robot's config: kept as the new machine's first edit,
      // waiting in the outbox for the hub.
      const view = this.sessions.get(partId)?.view
      if (view?.state === 'live' && sessionRoleAllows(view.role, { method: 'config.get' })) {
        const { config } = await this.liveClient(partId).getConfig()
        const valid = validateMachineConfig(config)
        if (valid.ok) {
          await this.options.cache.saveLocalEdit({
            partId: added.partId,
            baseRevision: 0,
            // As the robot wrote it (key order kept); validated, not rewritten.
            config,
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

const noConfigToApply = (): CoreError =>
  new CoreError('not-found', 'There is no saved config for this part to apply.')
