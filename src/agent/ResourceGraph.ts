import { CoreError } from '../shared/errors/CoreError'
import type { MachineConfig } from '../shared/config/machineConfigSchema'
import type { ResourceState, ResourceStatus } from '../shared/robot/protocol'
import type { Logger } from './runtime/Logger'
import type { Clock } from './runtime/Clock'
import type { ModelRegistry } from './ModelRegistry'
import type { Resource } from './models/Resource'
import { planRebuild } from './planRebuild'
import { planResources, type PlannedResource, type ResourcePlan } from './planResources'
import { errorMessage } from '../shared/errors/errorMessage'

// The machine's running resources. A new config is applied by diffing (planRebuild decides: only
// what changed, what depends on it, and what was unhealthy is rebuilt). Closing goes dependents
// first, building goes dependencies first. One failing build makes that resource
// unhealthy with its error, and whatever depends on it; the rest run.

interface Entry {
  plan: PlannedResource
  state: ResourceState
  error?: string
  instance?: Resource
}

export interface GraphApplyResult {
  rebuilt: string[]
  removed: string[]
}

export interface ResourceGraphOptions {
  registry: ModelRegistry
  clock: Clock
  log: Logger
  /** Called whenever a resource's state changes (for the `status` subscription). */
  onChange?: () => void
}

export class ResourceGraph {
  private entries = new Map<string, Entry>()
  private order: string[] = []
  private queue: Promise<unknown> = Promise.resolve()

  constructor(private readonly options: ResourceGraphOptions) {}

  /** The agent's checks beyond the schema; refuse the config when `errors` is not empty. */
  plan(config: MachineConfig): ResourcePlan {
    return planResources(config, this.options.registry)
  }

  /** Applies a config that passed plan(); calls are serialized. */
  apply(config: MachineConfig, options: { rebuildAll?: boolean } = {}): Promise<GraphApplyResult> {
    const run = this.queue.then(() => this.applyNow(config, options.rebuildAll ?? false))
    this.queue = run.catch(() => undefined)
    return run
  }

  /** A ready resource by name; throws a clear error otherwise. */
  resource(name: string): Resource {
    const entry = this.entries.get(name)
    if (!entry) throw new CoreError('not-found', `no component named "${name}" on this machine`)
    if (entry.state !== 'ready' || !entry.instance) {
      const why = entry.error ? `: ${entry.error}` : ''
      throw new CoreError('unavailable', `"${name}" is ${entry.state}${why}`)
    }
    return entry.instance
  }

  /** Ready resources in build order. */
  ready(): Array<[string, Resource]> {
    const out: Array<[string, Resource]> = []
    for (const name of this.order) {
      const entry = this.entries.get(name)
      if (entry?.state === 'ready' && entry.instance) out.push([name, entry.instance])
    }
    return out
  }

  /** Each named resource's readings, or `{error}` saying why it cannot be read. */
  readings(names: readonly string[]): Record<string, Record<string, unknown>> {
    const out: Record<string, Record<string, unknown>> = {}
    for (const name of names) {
      try {
        out[name] = this.resource(name).readings()
      } catch (err) {
        out[name] = { error: errorMessage(err) }
      }
    }
    return out
  }

  statuses(): ResourceStatus[] {
    return this.order.flatMap((name) => {
      const entry = this.entries.get(name)
      if (!entry) return []
      const { listing } = entry.plan
      const status: ResourceStatus = {
        name,
        api: listing.api,
        model: listing.model ?? null,
        state: entry.state,
      }
      if (entry.error !== undefined) status.error = entry.error
      return [status]
    })
  }

  /** Closes everything, dependents first. */
  close(): Promise<GraphApplyResult> {
    return this.apply({})
  }

  private async applyNow(config: MachineConfig, rebuildAll: boolean): Promise<GraphApplyResult> {
    const { order, errors } = this.plan(config)
    if (errors.length > 0) throw new CoreError('invalid-argument', 'invalid config', errors)
    const running = this.order.flatMap((name) => {
      const entry = this.entries.get(name)
      return entry ? [{ name, fingerprint: entry.plan.fingerprint, ready: entry.state === 'ready' }] : []
    })
    const planned = order.map((p) => ({
      name: p.listing.name,
      fingerprint: p.fingerprint,
      dependencies: p.dependencies,
    }))
    const { rebuild: toBuild, removed, close } = planRebuild(running, planned, rebuildAll)
    const rebuild = new Set(toBuild)
    const gone = new Set(removed)

    for (const name of close) {
      const entry = this.entries.get(name)
      if (!entry) continue
      if (gone.has(name)) this.setState(entry, 'removed')
      await this.closeInstance(name, entry)
      if (gone.has(name)) this.entries.delete(name)
    }

    this.order = order.map((p) => p.listing.name)
    for (const plan of order) {
      const name = plan.listing.name
      if (rebuild.has(name)) this.entries.set(name, { plan, state: 'configuring' })
      else {
        const entry = this.entries.get(name)
        if (entry) entry.plan = plan
      }
    }
    this.options.onChange?.()
    const rebuilt: string[] = []
    for (const plan of order) {
      if (!rebuild.has(plan.listing.name)) continue
      rebuilt.push(plan.listing.name)
      await this.build(plan)
    }
    if (removed.length > 0 || rebuilt.length > 0)
      this.options.log.info('config applied', { rebuilt, removed })
    return { rebuilt, removed }
  }

  private async build(plan: PlannedResource): Promise<void> {
    const name = plan.listing.name
    const entry = this.entries.get(name)
    if (!entry) return
    const blocker = plan.dependencies.find((d) => this.entries.get(d)?.state !== 'ready')
    if (blocker !== undefined) {
      const dep = this.entries.get(blocker)
      const why = dep ? `"${blocker}" is ${dep.state}` : `"${blocker}" is not in the config`
      return this.fail(entry, `waiting for a dependency: ${why}`)
    }
    if (!plan.factory) {
      const known = this.options.registry.modelsFor(plan.listing.api)
      const available = known.length > 0 ? `available: ${known.join(', ')}` : 'no models for this API'
      return this.fail(
        entry,
        `this agent has no model "${plan.listing.model ?? '(none)'}" for ${plan.listing.api} (${available})`,
      )
    }
    try {
      const instance = await plan.factory.build(
        {
          name,
          clock: this.options.clock,
          log: this.options.log.child(name),
          dependency: (dep) =>
            plan.dependencies.includes(dep) ? this.entries.get(dep)?.instance : undefined,
        },
        plan.listing.resource.attributes,
      )
      entry.instance = instance
      entry.error = undefined
      this.setState(entry, 'ready')
      this.options.log.debug('resource built', { name, api: plan.listing.api, model: plan.listing.model })
    } catch (err) {
      this.fail(entry, `build failed: ${errorMessage(err)}`)
    }
  }

  private fail(entry: Entry, error: string): void {
    entry.error = error
    entry.instance = undefined
    this.setState(entry, 'unhealthy')
    this.options.log.error('resource unhealthy', { name: entry.plan.listing.name, error })
  }

  private async closeInstance(name: string, entry: Entry): Promise<void> {
    const instance = entry.instance
    entry.instance = undefined
    if (!instance) return
    try {
      await instance.close()
    } catch (err) {
      this.options.log.warn('resource did not close cleanly', { name, error: err })
    }
  }

  private setState(entry: Entry, state: ResourceState): void {
    entry.state = state
    this.options.onChange?.()
  }
}
