import { randomUUID } from 'node:crypto'
import { withGrantOrgs, type Identity } from '../../shared/access/can'
import {
  coreMethods,
  isCoreMethod,
  type CoreEvents,
  type CoreMethodName,
  type CoreParsedParams,
  type CoreResults,
} from '../../shared/api/contract'
import { CoreError, toErrorInfo, type Reply } from '../../shared/api/errors'
import type {
  AppStatus,
  IdentityView,
  Notice,
  OutboxItem,
  PendingEdit,
  Settings,
} from '../../shared/api/views'
import { listResources, validateMachineConfig } from '../../shared/config/machineConfigSchema'
import type { User } from '../../shared/domain/model'
import type { CacheStore, OutboxEntry } from '../cache/types'
import { generateFleet } from '../fixture/generateFleet'
import { demoRobotSpecs, writeDemoRobotSpecs } from '../app/demoRobots'
import { Emitter } from './Emitter'
import { RobotService, type RobotHandlers } from '../robots/RobotService'
import { resolveMdnsOptions } from '../../net/mdns/mdnsOptions'
import type { SecretBox } from '../secrets/SecretBox'
import type { LocationId, MachineId, PartId } from '../../shared/ids'
import { FleetAccess } from './FleetAccess'
import { outboxHandlers, type OutboxMethodName } from './outboxHandlers'

// Loopback by default: nothing reaches a real network until someone picks that network.
export const DEFAULT_SETTINGS: Settings = {
  theme: 'dark',
  hubUrl: null,
  discoveryInterface: '127.0.0.1',
  iceNetworks: 'loopback',
}
export const IDENTITY_SETTING = 'identity.email'
export const DEMO_FLEET_CREATED = 'demo fleet created'
const SETTINGS_KEY = 'settings'
/** Machines in the demo fleet a first run offers: enough to look real, quick to create. */
export const DEMO_FLEET_MACHINES = 60

type Handlers = { [M in CoreMethodName]: (params: CoreParsedParams<M>) => Promise<CoreResults[M]> }
type FleetHandlers = Omit<Handlers, keyof RobotHandlers | OutboxMethodName>

export interface FleetCoreOptions {
  cache: CacheStore
  secrets: SecretBox
  /** Browse for robots on the LAN (off in tests that give robot addresses directly). */
  discovery: boolean
  /** Act as this user (browser mode `--as`, tests); otherwise the cached identity. */
  actAs?: string
  notices?: Notice[]
}

/**
 * The desktop core: implements the contract once for every carrier. Each call is parsed with its
 * schema and checked with `can()` for the acting identity; failures leave as `{ok: false}` replies.
 */
export class FleetCore {
  readonly events = new Emitter<CoreEvents>()
  private readonly cache: CacheStore
  private readonly actAs: string | undefined
  private readonly notices: Notice[]
  private access = new FleetAccess({ orgs: [], locations: [], machines: [], parts: [] })
  private identity: Identity & { user: User | null } = {
    subject: { kind: 'user', id: '' as User['id'] },
    grants: [],
    user: null,
  }

  private readonly robots: RobotService
  private readonly handlers: Handlers
  private readonly discovery: boolean
  private currentSettings: Settings = DEFAULT_SETTINGS

  constructor(options: FleetCoreOptions) {
    this.cache = options.cache
    this.actAs = options.actAs
    this.notices = [...(options.notices ?? [])]
    this.discovery = options.discovery
    this.robots = new RobotService({
      cache: this.cache,
      events: this.events,
      secrets: options.secrets,
      access: () => this.access,
      identity: () => this.identity,
      iceNetworks: () => this.currentSettings.iceNetworks,
      addMachine: (input) => this.addLocalMachine(input),
      outboxChanged: () => this.emitStatus(),
    })
    const outbox = outboxHandlers({
      cache: this.cache,
      access: () => this.access,
      identity: () => this.identity,
      outboxChanged: () => this.emitStatus(),
      fleetChanged: (reason) => this.events.emit('fleetChanged', { reason }),
    })
    this.handlers = { ...this.fleetHandlers(), ...outbox, ...this.robots.handlers }
  }

  /** Loads the fleet index and the acting identity from the cache, and starts browsing for robots. */
  async start(): Promise<void> {
    await this.reload()
    this.currentSettings = await this.settings()
    if (this.discovery) {
      try {
        await this.robots.startDiscovery(resolveMdnsOptions(this.currentSettings.discoveryInterface))
      } catch (err) {
        this.addNotice(
          'warning',
          `Robots on the LAN cannot be discovered: ${err instanceof Error ? err.message : String(err)}. Check the discovery interface in settings.`,
        )
      }
    }
  }

  /** Closes robot sessions and discovery; the cache is closed by its owner. */
  async stop(): Promise<void> {
    await this.robots.stop()
  }

  /** For the demo and the simulator: lets the desktop connect to these robots without typing secrets. */
  rememberRobotSecret(partId: string, secret: string): Promise<void> {
    return this.robots.rememberSecret(partId, secret)
  }

  /**
   * A robot found on the LAN becomes a machine of the cached fleet, durable at once; the hub learns
   * of it when sync arrives (its config, if read from the robot, waits in the outbox).
   */
  private async addLocalMachine(input: {
    partId: string
    name: string
    locationId: string
  }): Promise<{ machineId: MachineId; partId: PartId }> {
    const machineId = `m-local-${randomUUID().slice(0, 8)}` as MachineId
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
    })
    await this.reload()
    this.events.emit('fleetChanged', { reason: `${input.name} added` })
    return { machineId, partId }
  }

  private async reload(): Promise<void> {
    this.access = new FleetAccess(await this.cache.getFleetIndex())
    const email = this.actAs ?? (await this.cache.getSetting<string>(IDENTITY_SETTING))
    const user = email ? await this.cache.getUserByEmail(email) : null
    if (email && !user && this.actAs) throw new CoreError('not-found', `No user ${email} in the cache.`)
    const own = user
      ? (await this.cache.getGrants()).filter((g) => g.subject.kind === 'user' && g.subject.id === user.id)
      : []
    // A location or machine grant names only its resource; org-wide questions (fragments, packages)
    // need the organization it sits in.
    const grants = withGrantOrgs(own, (r) => this.access.orgOf(r))
    this.identity = { subject: { kind: 'user', id: user?.id ?? ('' as User['id']) }, grants, user }
  }

  addNotice(level: Notice['level'], message: string): void {
    this.notices.push({ id: randomUUID(), level, message })
    void this.emitStatus()
  }

  /** The single entry point for every carrier: validates, dispatches, and never throws. */
  async handle(method: string, rawParams: unknown): Promise<Reply<unknown>> {
    try {
      if (!isCoreMethod(method)) throw new CoreError('invalid-argument', `Unknown method ${method}`)
      const parsed = coreMethods[method].safeParse(rawParams ?? {})
      if (!parsed.success) {
        const fieldErrors = parsed.error.issues.map((i) => ({
          path: ['$', ...i.path].join('.'),
          message: i.message,
        }))
        throw new CoreError('invalid-argument', `Invalid parameters for ${method}`, fieldErrors)
      }
      const handler = this.handlers[method] as (p: unknown) => Promise<unknown>
      return { ok: true, value: await handler(parsed.data) }
    } catch (err) {
      if (!(err instanceof CoreError)) console.error(`core ${method} failed:`, err)
      return { ok: false, error: toErrorInfo(err) }
    }
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

  private async status(): Promise<AppStatus> {
    const outbox = await this.cache.listOutbox()
    return {
      // Sign-in and sync with a hub arrive with the hub issue; until then the desktop is offline.
      online: false,
      lastSyncAt: await this.cache.getSetting<string>('sync.lastSyncAt'),
      pendingCount: outbox.length,
      cacheEmpty: this.access.isEmpty,
      notices: [...this.notices],
    }
  }

  private async emitStatus(): Promise<void> {
    this.events.emit('status', await this.status())
  }

  private async settings(): Promise<Settings> {
    return { ...DEFAULT_SETTINGS, ...((await this.cache.getSetting<Partial<Settings>>(SETTINGS_KEY)) ?? {}) }
  }

  private pendingView(entry: OutboxEntry): PendingEdit {
    const { seq, partId, baseRevision, savedAt, author, rejection } = entry
    return { outboxSeq: seq, partId, baseRevision, savedAt, author, rejection }
  }

  private fleetHandlers(): FleetHandlers {
    return {
      getIdentity: async (): Promise<IdentityView> => {
        const user = this.identity.user
        return {
          subject: this.identity.subject,
          name: user?.name ?? 'Guest',
          email: user?.email ?? null,
          grants: this.identity.grants,
        }
      },
      getStatus: () => this.status(),
      getFleetTree: async () => this.access.tree(this.identity, await this.cache.pendingCountsByMachine()),
      getMachine: async ({ machineId }) => {
        const machine = this.access.visibleMachine(this.identity, machineId)
        const location = this.access.locations.get(machine.locationId)
        const org = location && this.access.orgs.get(location.orgId)
        if (!location || !org)
          throw new CoreError('internal', `Machine ${machine.name} has no location in the cache.`)
        const pending = (await this.cache.pendingCountsByMachine()).get(machine.id) ?? 0
        return {
          machine: this.access.summarize(machine, pending),
          org: { id: org.id, name: org.name },
          locationPath: this.access.locationPath(location.id).flatMap((id) => {
            const l = this.access.locations.get(id)
            return l ? [this.access.locationNode(l)] : []
          }),
          capabilities: this.access.capabilities(this.identity, machine),
          role: this.access.roleOn(this.identity, machine) ?? 'operator',
        }
      },
      getMachineComponents: async ({ machineId }) => {
        const machine = this.access.visibleMachine(this.identity, machineId)
        this.access.require(this.identity, 'machine.control', machine, 'control it')
        const out: CoreResults['getMachineComponents'] = []
        for (const part of this.access.partsByMachine.get(machine.id) ?? []) {
          const cached = await this.cache.getPartConfig(part.id)
          const config = cached.pending?.config ?? cached.config
          if (!config) continue
          for (const r of listResources(config)) {
            out.push({
              partId: part.id,
              partName: part.name,
              name: r.name,
              api: r.api,
              model: r.model ?? null,
              kind: r.kind,
            })
          }
        }
        return out
      },
      getPartConfig: async ({ partId }) => {
        const { machine } = this.access.visiblePart(this.identity, partId)
        this.access.require(this.identity, 'machine.seeAllTabs', machine, 'see its configuration')
        const cached = await this.cache.getPartConfig(partId)
        return {
          partId,
          revision: cached.revision,
          config: cached.pending?.config ?? cached.config ?? { components: [], services: [] },
          pending: cached.pending ? this.pendingView(cached.pending) : null,
        }
      },
      validateConfig: async ({ config }) => {
        const result = validateMachineConfig(config)
        return result.ok ? { valid: true, errors: [] } : { valid: false, errors: result.errors }
      },
      savePartConfig: async ({ partId, baseRevision, config }) => {
        const { part, machine } = this.access.visiblePart(this.identity, partId)
        this.access.require(this.identity, 'machine.editConfig', machine, 'edit its configuration')
        if (baseRevision > part.revision) {
          throw new CoreError(
            'invalid-argument',
            `Base revision ${baseRevision} is newer than the cached revision ${part.revision} of ${machine.name}.`,
          )
        }
        const result = validateMachineConfig(config)
        if (!result.ok) {
          throw new CoreError(
            'invalid-argument',
            `The config has ${result.errors.length} error${result.errors.length === 1 ? '' : 's'}; nothing was saved.`,
            result.errors,
          )
        }
        const entry = await this.cache.saveLocalEdit({
          partId,
          baseRevision,
          config: result.config,
          author: this.identity.user?.email ?? 'local',
        })
        const status = await this.status()
        this.events.emit('status', status)
        return { pending: this.pendingView(entry), pendingCount: status.pendingCount }
      },
      getPartHistory: async ({ partId }) => {
        const { machine } = this.access.visiblePart(this.identity, partId)
        this.access.require(this.identity, 'machine.seeAllTabs', machine, 'see its history')
        return { partId, revisions: await this.cache.getHistory(partId) }
      },
      getPartRevision: async ({ partId, revision }) => {
        const { machine } = this.access.visiblePart(this.identity, partId)
        this.access.require(this.identity, 'machine.seeAllTabs', machine, 'see its history')
        const rev = await this.cache.getRevision(partId, revision)
        if (!rev)
          throw new CoreError('not-found', `Revision ${revision} of ${machine.name} is not in the cache.`)
        return rev
      },
      listOutbox: async () => {
        const items: OutboxItem[] = []
        for (const entry of await this.cache.listOutbox()) {
          const part = this.access.parts.get(entry.partId)
          const machine = part && this.access.machines.get(part.machineId)
          if (!part || !machine) continue
          if (!this.access.capabilities(this.identity, machine).tabs.includes('configure')) continue
          items.push({
            ...this.pendingView(entry),
            machineId: machine.id,
            machineName: machine.name,
            partName: part.name,
          })
        }
        return items
      },
      getSettings: () => this.settings(),
      updateSettings: async (patch) => {
        const next: Settings = { ...(await this.settings()) }
        for (const [key, value] of Object.entries(patch))
          if (value !== undefined) Object.assign(next, { [key]: value })
        await this.cache.putSetting(SETTINGS_KEY, next)
        this.currentSettings = next
        return next
      },
      createDemoFleet: async () => {
        if (!(await this.cache.isEmpty())) {
          throw new CoreError(
            'failed-precondition',
            'The cache already holds a fleet; the demo fleet is only offered on an empty cache.',
          )
        }
        const demo = generateFleet({ machines: DEMO_FLEET_MACHINES, revisionsPerPart: 5, logs: 2000 })
        await this.cache.importFleet(demo.fleet)
        await this.cache.appendLogs(demo.logs)
        await this.cache.putSetting(IDENTITY_SETTING, demo.defaultUserEmail)
        // Some demo machines run as simulated robots (see DemoRobots); their secrets are remembered
        // (sealed) so connecting to one needs no typing.
        const robots = demoRobotSpecs(demo)
        for (const r of robots) await this.robots.rememberSecret(r.partId, r.secret)
        await writeDemoRobotSpecs(this.cache.dataDir, robots)
        await this.reload()
        this.events.emit('fleetChanged', { reason: DEMO_FLEET_CREATED })
        await this.emitStatus()
        return { machines: demo.fleet.machines.length }
      },
    }
  }
}
