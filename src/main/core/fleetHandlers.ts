import type { FleetMethodName } from '../../shared/api/channels'
import type { CoreResults } from '../../shared/api/contract'
import { CoreError } from '../../shared/errors/CoreError'
import { listResources } from '../../shared/config/machineConfigSchema'
import { configToShow } from '../cache/configToShow'
import { loadEffectiveConfig } from '../cache/effectiveConfigFor'
import type { ConfigMethodName } from './configHandlers'
import type { OutboxMethodName } from './outboxHandlers'
import type { FleetEditMethodName } from './fleetEditHandlers'
import type { HandlersFor } from './CoreDispatcher'
import type { CoreHost } from './CoreHost'
import type { CoreRobots } from './CoreRobots'
import type { DemoFleetSource } from './DemoFleet'
import { IDENTITY_SETTING } from './loadIdentity'
import type { NetworkSettings } from './networkSettings'
import type { SettingsStore } from './SettingsStore'

export const DEMO_FLEET_CREATED = 'demo fleet created'

export interface FleetHandlerDeps {
  host: CoreHost
  settings: SettingsStore
  /** Checks network settings before they are saved, and restarts discovery on a new interface. */
  network: NetworkSettings
  robots: CoreRobots
  /** Makes the demo fleet; without it the core offers none. */
  demoFleet: DemoFleetSource | undefined
}

/**
 * The identity, the fleet tree and machines, settings and the demo fleet. Each handler runs after
 * the dispatcher's check (CORE_PERMISSIONS), and gets the machine the check looked up.
 */
export function fleetHandlers(
  deps: FleetHandlerDeps,
): HandlersFor<Exclude<FleetMethodName, ConfigMethodName | OutboxMethodName | FleetEditMethodName>> {
  const { host, settings, network } = deps
  const { cache } = host
  return {
    getIdentity: async () => {
      const { subject, grants, user, label } = host.identity()
      return { subject, name: user?.name ?? label ?? 'Guest', email: user?.email ?? null, grants }
    },
    getStatus: () => host.status(),
    getFleetTree: async () => host.access().tree(host.identity(), await cache.pendingCountsByMachine()),
    getMachine: async (_params, { machine }) => {
      const access = host.access()
      const identity = host.identity()
      const location = access.locations.get(machine.locationId)
      const org = location && access.orgs.get(location.orgId)
      if (!location || !org)
        throw new CoreError('internal', `Machine ${machine.name} has no location in the cache.`)
      const pending = (await cache.pendingCountsByMachine()).get(machine.id) ?? 0
      return {
        machine: access.summarize(machine, pending),
        org: { id: org.id, name: org.name },
        locationPath: access.locationPath(location.id).flatMap((id) => {
          const l = access.locations.get(id)
          return l ? [access.locationNode(l)] : []
        }),
        capabilities: access.capabilities(identity, machine),
        role: access.roleOn(identity, machine) ?? 'operator',
      }
    },
    getMachineComponents: async (_params, { machine }) => {
      const out: CoreResults['getMachineComponents'] = []
      for (const part of host.access().partsByMachine.get(machine.id) ?? []) {
        const own = configToShow(await cache.getPartConfig(part.id))
        if (!own) continue
        // What the robot runs: its fragments' resources too. A config that cannot be combined with
        // its fragments still lists its own resources (CONFIGURE says what is wrong).
        const effective = await loadEffectiveConfig(cache, own)
        for (const r of listResources(effective.ok ? effective.config : own)) {
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
    getSettings: () => settings.read(),
    updateSettings: async (patch) => {
      const previous = await settings.read()
      const next = await settings.update(network.check(patch))
      await network.apply(previous, next)
      return next
    },
    listNetworkInterfaces: async () => network.info(),
    createDemoFleet: async () => {
      if (!(await cache.isEmpty())) {
        throw new CoreError(
          'failed-precondition',
          'The cache already holds a fleet; the demo fleet is only offered on an empty cache.',
        )
      }
      if (!deps.demoFleet)
        throw new CoreError('failed-precondition', 'This build of Fleetdesk has no demo fleet.')
      const demo = await deps.demoFleet()
      await cache.importFleet(demo.fleet)
      await cache.appendLogs(demo.logs)
      await cache.putSetting(IDENTITY_SETTING, demo.defaultUserEmail)
      // Some demo machines run as simulated robots: their secrets are remembered (sealed) so
      // connecting to one needs no typing.
      for (const r of demo.robots) await deps.robots.rememberSecret(r.partId, r.secret)
      await demo.imported()
      await host.reload()
      host.events.emit('fleetChanged', { reason: DEMO_FLEET_CREATED })
      await host.emitStatus()
      return { machines: demo.fleet.machines.length }
    },
  }
}
