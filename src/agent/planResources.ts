import type { FieldError } from '../shared/errors/CoreError'
import {
  listResources,
  resourceApi,
  ResourceConfigSchema,
  type MachineConfig,
  type ResourceKind,
  type ResourceListing,
} from '../shared/config/machineConfigSchema'
import { formatJsonPath } from '../shared/config/formatJsonPath'
import type { ModelRegistry } from './ModelRegistry'
import type { ModelFactory } from './models/Resource'

// What the agent checks beyond the shared schema before it accepts a config (attributes of the
// models it knows, one namespace for component and service names, no dependency cycles), and the
// order it builds resources in: every resource after everything it depends on, ties kept in
// config order so builds are predictable.

export interface PlannedResource {
  listing: ResourceListing
  /** depends_on plus what the model implies from its attributes (e.g. an encoder's motor). */
  dependencies: string[]
  /** Canonical JSON of the entry: a resource is rebuilt when this changes. */
  fingerprint: string
  factory: ModelFactory | undefined
}

export interface ResourcePlan {
  /** Dependencies first. */
  order: PlannedResource[]
  /** Empty when the config can be applied. */
  errors: FieldError[]
}

export function planResources(config: MachineConfig, registry: ModelRegistry): ResourcePlan {
  return planListings(listResources(config), registry)
}

/**
 * The entries of an unvalidated config that are well-formed on their own, at their own indices,
 * so that the agent's checks can run on a config the schema refused and every problem is
 * reported in one answer.
 */
export function wellFormedListings(input: unknown): ResourceListing[] {
  if (typeof input !== 'object' || input === null) return []
  const lists: Array<[ResourceKind, unknown]> = [
    ['component', (input as Record<string, unknown>).components],
    ['service', (input as Record<string, unknown>).services],
  ]
  return lists.flatMap(([kind, list]) =>
    (Array.isArray(list) ? list : []).flatMap((entry: unknown, index): ResourceListing[] => {
      const parsed = ResourceConfigSchema.safeParse(entry)
      if (!parsed.success) return []
      const resource = parsed.data
      const path = `$.${kind}s[${index}]`
      return [
        {
          kind,
          index,
          path,
          name: resource.name,
          api: resourceApi(resource, kind),
          model: resource.model,
          resource,
        },
      ]
    }),
  )
}

export function planListings(listings: readonly ResourceListing[], registry: ModelRegistry): ResourcePlan {
  const errors: FieldError[] = []
  const byName = new Map<string, PlannedResource>()
  for (const listing of listings) {
    const prefix = [`${listing.kind}s`, listing.index]
    const other = byName.get(listing.name)
    if (other) {
      errors.push({
        path: formatJsonPath([...prefix, 'name']),
        message: `name "${listing.name}" is already used at ${other.listing.path}; components and services share names`,
      })
      continue
    }
    const factory = registry.find(listing.api, listing.model)
    const dependencies = new Set(listing.resource.depends_on ?? [])
    if (factory) {
      const attributes: unknown = listing.resource.attributes
      const check = factory.validate(attributes)
      if (check.ok) for (const name of factory.dependencies(attributes)) dependencies.add(name)
      else
        errors.push(
          ...check.errors.map((e) => ({
            ...e,
            path: e.path.replace(/^\$/, formatJsonPath([...prefix, 'attributes'])),
          })),
        )
    }
    if (dependencies.has(listing.name)) {
      errors.push({
        path: formatJsonPath([...prefix, 'depends_on']),
        message: `"${listing.name}" cannot depend on itself`,
      })
      dependencies.delete(listing.name)
    }
    byName.set(listing.name, {
      listing,
      dependencies: [...dependencies],
      fingerprint: canonicalJson(listing.resource),
      factory,
    })
  }
  const order = topologicalOrder(byName, errors)
  return { order, errors }
}

function topologicalOrder(byName: Map<string, PlannedResource>, errors: FieldError[]): PlannedResource[] {
  const state = new Map<string, 'visiting' | 'done'>()
  const order: PlannedResource[] = []
  const stack: string[] = []
  const inCycle = new Set<string>()
  const visit = (node: PlannedResource): void => {
    const name = node.listing.name
    state.set(name, 'visiting')
    stack.push(name)
    for (const dep of node.dependencies) {
      const target = byName.get(dep)
      if (!target) continue // missing: the resource will be unhealthy, the config is still valid
      const seen = state.get(dep)
      if (seen === 'visiting') reportCycle([...stack.slice(stack.indexOf(dep)), dep])
      else if (seen === undefined) visit(target)
    }
    stack.pop()
    state.set(name, 'done')
    order.push(node)
  }
  const reportCycle = (cycle: string[]): void => {
    const text = cycle.join(' -> ')
    for (const name of new Set(cycle)) {
      if (inCycle.has(name)) continue
      inCycle.add(name)
      const node = byName.get(name)
      if (node) errors.push({ path: `${node.listing.path}.depends_on`, message: `dependency cycle: ${text}` })
    }
  }
  for (const node of byName.values()) if (!state.has(node.listing.name)) visit(node)
  return order
}

/** JSON with object keys sorted, so that key order alone never counts as a change. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`
  }
  return JSON.stringify(value) ?? 'null'
}
