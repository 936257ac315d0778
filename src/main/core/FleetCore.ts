import { randomUUID } from 'node:crypto'
import type { CoreEvents, CoreMethodName, CoreParsedParams, CoreResults } from '../../shared/api/contract'
import { CoreError, type Reply } from '../../shared/errors/CoreError'
import type { AppStatus, Notice } from '../../shared/api/views'
import type { LocationId, MachineId, PartId } from '../../shared/ids'
import type { CacheStore } from '../cache/types'
import { configHandlers } from './configHandlers'
import { CoreDispatcher, type CoreHandlers } from './CoreDispatcher'
import type { ActingIdentity, CoreHost } from './CoreHost'
import type { CoreRobots, RobotsFactory } from './CoreRobots'
import type { CoreSerial, SerialFactory } from './CoreSerial'
import type { DemoFleetSource } from './DemoFleet'
import type { CoreSync, SyncFactory, SyncHandlers } from './CoreSync'
import { SIGNED_OUT_STATUS } from '../../shared/api/syncViews'
import { Emitter } from './Emitter'
import { fleetHandlers } from './fleetHandlers'
import { editAuthor, fleetEditHandlers } from './fleetEditHandlers'
import { outboxHandlers } from './outboxHandlers'
import { FleetAccess } from './FleetAccess'
import { GUEST, loadIdentity } from './loadIdentity'
import { NetworkSettings } from './networkSettings'
import { SettingsStore } from './SettingsStore'
import { errorMessage } from '../../shared/errors/errorMessage'

export { DEFAULT_SETTINGS } from './SettingsStore'
export { IDENTITY_SETTING } from './loadIdentity'
export { DEMO_FLEET_CREATED } from './fleetHandlers'

export interface FleetCoreOptions {
  cache: CacheStore
  /** Browse for robots on the LAN (off in tests that give robot addresses directly). */
  discovery: boolean
  /** Act as this user (browser mode `--as`, tests); otherwise the cached identity. */
  actAs?: string
  notices?: Notice[]
  /** Builds the robots side over what the core offers it (app/startCore.ts passes RobotService). */
  robots: RobotsFactory
  /** Builds the serial side (ports and consoles; app/startCore.ts passes SerialService). */
  serial: SerialFactory
  /** Makes the demo fleet a first run offers; without it the offer is refused. */
  demoFleet?: DemoFleetSource
  /** Builds the sync side (sign-in, pull, push; app/startCore.ts passes SyncService); without it sign-in is refused. */
  sync?: SyncFactory
}

/** Without a sync side (tests of other parts), the sync methods say so rather than pretend. */
const NO_SYNC: SyncHandlers = {
  hubSignIn: () => Promise.reject(new CoreError('unavailable', 'This core was started without hub sync.')),
  hubSignOut: () => Promise.reject(new CoreError('unavailable', 'This core was started without hub sync.')),
  getSyncStatus: async () => SIGNED_OUT_STATUS,
  syncNow: () => Promise.reject(new CoreError('unavailable', 'This core was started without hub sync.')),
}

/**
 * The desktop core: implements the contract once for every carrier. It holds the acting identity,
 * the cached fleet's index, settings and notices; every call goes through one CoreDispatcher, which
 * parses it with its schema and checks it with `can()` (CORE_PERMISSIONS) before its handler runs.
 */
export class FleetCore implements CoreHost {
  readonly events = new Emitter<CoreEvents>()
  readonly cache: CacheStore
  private readonly actAs: string | undefined
  private readonly notices: Notice[]
  private readonly discovery: boolean
  private readonly settings: SettingsStore
  private readonly robots: CoreRobots
  private readonly serial: CoreSerial
  private readonly network: NetworkSettings
  private readonly sync: CoreSync | null
  private readonly dispatcher: CoreDispatcher
  private fleet = new FleetAccess({ orgs: [], locations: [], machines: [], parts: [] })
  private acting: ActingIdentity = GUEST

  constructor(options: FleetCoreOptions) {
    this.cache = options.cache
    this.actAs = options.actAs
    this.notices = [...(options.notices ?? [])]
    this.discovery = options.discovery
    this.settings = new SettingsStore(this.cache)
    this.robots = options.robots({
      events: this.events,
      access: () => this.fleet,
      identity: () => this.acting,
      iceNetworks: () => this.settings.latest.iceNetworks,
      addMachine: (input) => this.addLocalMachine(input),
      outboxChanged: async () => this.outboxChanged(),
    })
    this.serial = options.serial({
      events: this.events,
      machineForPart: (partId) => this.robots.knownMachine(partId),
      hasRememberedSecret: (partId) => this.robots.hasRememberedSecret(partId),
      autoConnectSetting: {
        read: async () => (await this.settings.read()).serialAutoConnect,
        write: async (enabled) => {
          await this.settings.update({ serialAutoConnect: enabled })
        },
      },
      connectSerialRobot: async ({ partId, path, baudRate }) => {
        await this.call('connectRobot', { partId, address: { path, baudRate }, auth: { kind: 'remembered' } })
      },
    })
    this.network = new NetworkSettings({ robots: this.robots, discovery: options.discovery })
    this.sync =
      options.sync?.({
        cache: this.cache,
        events: this.events,
        fleetChanged: async (reason) => {
          await this.reload()
          this.events.emit('fleetChanged', { reason })
          await this.emitStatus()
        },
        statusChanged: () => this.emitStatus(),
      }) ?? null
    const handlers: CoreHandlers = {
      ...fleetHandlers({
        host: this,
        settings: this.settings,
        network: this.network,
        robots: this.robots,
        demoFleet: options.demoFleet,
      }),
      ...configHandlers(this),
      ...fleetEditHandlers(this),
      ...outboxHandlers({
        cache: this.cache,
        access: () => this.fleet,
        identity: () => this.acting,
        outboxChanged: async () => this.outboxChanged(),
        fleetChanged: (reason) => this.events.emit('fleetChanged', { reason }),
      }),
      ...this.robots.handlers,
      ...this.serial.handlers,
      ...(this.sync?.handlers ?? NO_SYNC),
    }
    this.dispatcher = new CoreDispatcher(handlers, () => ({ identity: this.acting, access: this.fleet }))
  }

  /** Loads the fleet index and the acting identity from the cache, and starts browsing for robots. */
  async start(): Promise<void> {
    await this.reload()
    await this.sync?.start()
    const settings = await this.settings.read()
    if (!this.discovery) return
    try {
      await this.network.startDiscovery(settings.discoveryInterface)
    } catch (err) {
      this.addNotice(
        'warning',
        `Robots on the LAN cannot be discovered: ${errorMessage(err)}. Check the discovery interface in settings.`,
      )
    }
  }

  /** Closes robot sessions and discovery; the cache is closed by its owner. */
  async stop(): Promise<void> {
    await this.sync?.stop()
    await this.serial.stop()
    await this.robots.stop()
  }

  identity(): ActingIdentity {
    return this.acting
  }

  access(): FleetAccess {
    return this.fleet
  }

  /** For the demo and the simulator: lets the desktop connect to these robots without typing secrets. */
  rememberRobotSecret(partId: string, secret: string): Promise<void> {
    return this.robots.rememberSecret(partId, secret)
  }

  async reload(): Promise<void> {
    const fleet = new FleetAccess(await this.cache.getFleetIndex())
    this.acting = await loadIdentity(this.cache, fleet, this.actAs)
    this.fleet = fleet
  }

  addNotice(level: Notice['level'], message: string): void {
    this.notices.push({ id: randomUUID(), level, message })
    void this.emitStatus()
  }

  /** The single entry point for every carrier: validates, checks, dispatches, and never throws. */
  handle(method: string, rawParams: unknown): Promise<Reply<unknown>> {
    return this.dispatcher.handle(method, rawParams)
  }

  /** Direct typed calls for in-process users (tests, benches). */
  async call<M extends CoreMethodName>(
    method: M,
    params: CoreParsedParams<M> | Record<string, unknown>,
  ): Promise<CoreResults[M]> {
    const reply = await this.handle(method, params)
    if (!reply.ok) throw CoreError.from(reply.error)
    return reply.value as CoreResults[M]
  }

  async status(): Promise<AppStatus> {
    const outbox = await this.cache.listOutbox()
    const sync = this.sync ? await this.sync.status() : { ...SIGNED_OUT_STATUS, pending: outbox.length }
    return {
      online: sync.connection === 'online',
      lastSyncAt: sync.lastSyncAt,
      pendingCount: outbox.length,
      sync,
      cacheEmpty: this.fleet.isEmpty,
      notices: [...this.notices],
    }
  }

  /** An edit went into the outbox or left it: windows get the count, the sync side pushes soon. */
  async outboxChanged(): Promise<void> {
    this.sync?.outboxChanged()
    await this.emitStatus()
  }

  async emitStatus(): Promise<void> {
    this.events.emit('status', await this.status())
  }

  /**
   * A robot found on the LAN becomes a machine of the cached fleet, durable at once, with the
   * outbox edits that create it on the hub (its config, if read from the robot, follows them). The
   * machine's id is a UUID made here, so the hub takes it as it is; the part keeps the robot's id.
   */
  private async addLocalMachine(input: {
    partId: string
    name: string
    locationId: string
  }): Promise<{ machineId: MachineId; partId: PartId }> {
    const machineId = randomUUID() as MachineId
    const partId = input.partId as PartId
    const now = new Date().toISOString()
    await this.cache.addLocalMachine({
      machine: {
        id: machineId,
        locationId: input.locationId as LocationId,
        name: input.name,
        status: 'online',
        lastSeenAt: now,
        version: null,
      },
      part: { id: partId, machineId, name: 'main', isMain: true, revision: 0 },
      author: editAuthor(this),
    })
    await this.reload()
    await this.outboxChanged()
    this.events.emit('fleetChanged', { reason: `${input.name} added` })
    return { machineId, partId }
  }
}
