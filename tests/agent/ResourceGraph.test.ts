import { describe, expect, it } from 'vitest'
import { AgentLog } from '../../src/agent/AgentLog'
import { ManualClock } from '../../src/agent/runtime/ManualClock'
import { ModelRegistry } from '../../src/agent/ModelRegistry'
import { BUILTIN_MODELS } from '../../src/agent/models/builtinModels'
import type { ModelFactory } from '../../src/agent/models/Resource'
import { ResourceGraph } from '../../src/agent/ResourceGraph'
import { validateMachineConfig, type MachineConfig } from '../../src/shared/config/machineConfigSchema'

/** A graph over the built-in models that records every build and close, in order. */
function countingGraph(): { graph: ResourceGraph; builds: string[]; closes: string[] } {
  const builds: string[] = []
  const closes: string[] = []
  const counting = BUILTIN_MODELS.map((f): ModelFactory => ({
    ...f,
    validate: (a) => f.validate(a),
    dependencies: (a) => f.dependencies(a),
    build: async (context, attributes) => {
      builds.push(context.name)
      const resource = await f.build(context, attributes)
      const close = resource.close.bind(resource)
      return Object.assign(resource, {
        close: () => {
          closes.push(context.name)
          return close()
        },
      })
    },
  }))
  const clock = new ManualClock()
  const graph = new ResourceGraph({
    registry: new ModelRegistry(counting),
    clock,
    log: new AgentLog({ partId: 'p', clock }).logger('resources'),
  })
  return { graph, builds, closes }
}

function config(input: unknown): MachineConfig {
  const result = validateMachineConfig(input)
  if (!result.ok) throw new Error(JSON.stringify(result.errors))
  return result.config
}

const motor = (name: string, attributes: Record<string, unknown> = {}, depends_on?: string[]) => ({
  name,
  api: 'rdk:component:motor',
  model: 'fake',
  attributes,
  ...(depends_on ? { depends_on } : {}),
})

describe('ResourceGraph', () => {
  it('rebuilds only the resource whose attribute changed', async () => {
    const { graph, builds, closes } = countingGraph()
    const base = {
      components: [motor('a'), motor('b'), motor('c'), { name: 'cam', type: 'camera', model: 'fake' }],
    }
    expect(await graph.apply(config(base))).toEqual({ rebuilt: ['a', 'b', 'c', 'cam'], removed: [] })
    builds.length = 0
    const changed = structuredClone(base)
    changed.components[1] = motor('b', { max_rpm: 250 })
    // Key order and an identical re-apply change nothing.
    changed.components[0] = { model: 'fake', api: 'rdk:component:motor', attributes: {}, name: 'a' }
    expect(await graph.apply(config(changed))).toEqual({ rebuilt: ['b'], removed: [] })
    expect(builds).toEqual(['b'])
    expect(closes).toEqual(['b'])
    expect(await graph.apply(config(changed))).toEqual({ rebuilt: [], removed: [] })
    expect(builds).toEqual(['b'])
    expect(graph.statuses().every((s) => s.state === 'ready')).toBe(true)
  })

  it('adds and removes resources without touching the others', async () => {
    const { graph, builds, closes } = countingGraph()
    await graph.apply(config({ components: [motor('a'), motor('b')] }))
    builds.length = 0
    expect(await graph.apply(config({ components: [motor('b'), motor('c')] }))).toEqual({
      rebuilt: ['c'],
      removed: ['a'],
    })
    expect(builds).toEqual(['c'])
    expect(closes).toEqual(['a'])
    expect(graph.statuses().map((s) => s.name)).toEqual(['b', 'c'])
    expect(() => graph.resource('a')).toThrow('no component named "a" on this machine')
  })

  it('builds in depends_on order, and rebuilds dependents of a rebuilt resource', async () => {
    const { graph, builds, closes } = countingGraph()
    const encoder = {
      name: 'enc',
      api: 'rdk:component:encoder',
      model: 'fake',
      attributes: { motor: 'drive' },
    }
    const cfg = { components: [motor('last', {}, ['enc']), encoder, motor('drive'), motor('other')] }
    await graph.apply(config(cfg))
    expect(builds).toEqual(['drive', 'enc', 'last', 'other'])
    builds.length = 0
    const changed = structuredClone(cfg)
    changed.components[2] = motor('drive', { max_rpm: 10 })
    await graph.apply(config(changed))
    // enc holds the old motor, last depends on enc: both follow. Closing goes dependents first.
    expect(builds).toEqual(['drive', 'enc', 'last'])
    expect(closes).toEqual(['last', 'enc', 'drive'])
  })

  it('refuses a dependency cycle, naming every resource in it', () => {
    const { graph } = countingGraph()
    const plan = graph.plan(
      config({
        components: [
          motor('a', {}, ['b']),
          motor('b', {}, ['c']),
          motor('c', {}, ['a']),
          motor('d', {}, ['d']),
        ],
      }),
    )
    expect(plan.errors).toEqual([
      { path: '$.components[3].depends_on', message: '"d" cannot depend on itself' },
      { path: '$.components[0].depends_on', message: 'dependency cycle: a -> b -> c -> a' },
      { path: '$.components[1].depends_on', message: 'dependency cycle: a -> b -> c -> a' },
      { path: '$.components[2].depends_on', message: 'dependency cycle: a -> b -> c -> a' },
    ])
  })

  it('reports bad attributes of known models with their paths', () => {
    const { graph } = countingGraph()
    const plan = graph.plan(
      config({
        components: [
          motor('a', { max_rpm: -5 }),
          { name: 's', type: 'servo', model: 'fake', attributes: { min_angle_deg: 90, max_angle_deg: 10 } },
        ],
      }),
    )
    expect(plan.errors.map((e) => e.path)).toEqual([
      '$.components[0].attributes.max_rpm',
      '$.components[1].attributes.min_angle_deg',
    ])
  })

  it('a failing build is unhealthy with its error; dependents wait; the rest run', async () => {
    const { graph } = countingGraph()
    await graph.apply(
      config({
        components: [
          { name: 'enc', api: 'rdk:component:encoder', model: 'fake', attributes: { motor: 'sensor1' } },
          { name: 'sensor1', type: 'sensor', model: 'fake' },
          { name: 'arm', type: 'arm', model: 'fake' },
          motor('m', {}, ['ghost']),
          motor('ok'),
        ],
        services: [{ name: 'after', type: 'vision', depends_on: ['enc'] }],
      }),
    )
    expect(graph.statuses()).toEqual([
      { name: 'sensor1', api: 'rdk:component:sensor', model: 'fake', state: 'ready' },
      {
        name: 'enc',
        api: 'rdk:component:encoder',
        model: 'fake',
        state: 'unhealthy',
        error: 'build failed: "sensor1" is a sensor, not a motor',
      },
      {
        name: 'arm',
        api: 'rdk:component:arm',
        model: 'fake',
        state: 'unhealthy',
        error: 'this agent has no model "fake" for rdk:component:arm (no models for this API)',
      },
      {
        name: 'm',
        api: 'rdk:component:motor',
        model: 'fake',
        state: 'unhealthy',
        error: 'waiting for a dependency: "ghost" is not in the config',
      },
      { name: 'ok', api: 'rdk:component:motor', model: 'fake', state: 'ready' },
      {
        name: 'after',
        api: 'rdk:service:vision',
        model: null,
        state: 'unhealthy',
        error: 'waiting for a dependency: "enc" is unhealthy',
      },
    ])
    expect(() => graph.resource('enc')).toThrow('"enc" is unhealthy: build failed')
  })
})
