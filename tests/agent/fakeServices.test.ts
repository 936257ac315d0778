import { describe, expect, it } from 'vitest'
import { Agent } from '../../src/agent/Agent'
import { AgentLog } from '../../src/agent/AgentLog'
import { ManualClock } from '../../src/agent/runtime/ManualClock'
import { ModelRegistry } from '../../src/agent/ModelRegistry'
import { FAKE_SERVICE_SUBTYPES } from '../../src/agent/models/fakeServices'
import { demoRobotSpecs } from '../../src/main/app/demoRobots'
import { DEMO_FLEET_MACHINES } from '../../src/main/app/demoFleet'
import { generateFleet } from '../../src/main/fixture/generateFleet'

/** Starts an agent on the config and reports what a newcomer would see: resource states and error lines. */
async function run(config: unknown): Promise<{ states: Record<string, string>; errors: string[] }> {
  const clock = new ManualClock()
  const log = new AgentLog({ partId: 'p', clock })
  const agent = await Agent.start(
    { partId: 'p', secret: 'bench-secret-0123456789', machineName: 'm', clock, log },
    {
      config,
    },
  )
  try {
    const states = Object.fromEntries(
      agent.status().resources.map((r) => [r.name, r.error ? `${r.state}: ${r.error}` : r.state]),
    )
    const errors = log
      .entries({ level: 'error' })
      .map((e) => `${e.logger}: ${e.message} ${JSON.stringify(e.fields)}`)
    return { states, errors }
  } finally {
    await agent.close()
  }
}

describe('fake services', () => {
  it('covers the common built-in services, as "builtin" and "fake"', () => {
    expect(FAKE_SERVICE_SUBTYPES).toEqual(
      expect.arrayContaining([
        'data_manager',
        'motion',
        'navigation',
        'slam',
        'vision',
        'shell',
        'mlmodel',
        'generic',
      ]),
    )
    const registry = new ModelRegistry()
    for (const subtype of FAKE_SERVICE_SUBTYPES) {
      const api = `rdk:service:${subtype}`
      expect(registry.find(api, 'builtin'), api).toBeDefined()
      expect(registry.find(api, 'rdk:builtin:builtin'), api).toBeDefined()
      expect(registry.find(api, 'fake'), api).toBeDefined()
      // viam-server users leave the model out of built-in services: that means "builtin".
      expect(registry.find(api, undefined), api).toBe(registry.find(api, 'builtin'))
    }
    // A component still needs its model.
    expect(registry.find('rdk:component:motor', undefined)).toBeUndefined()
  })

  it('a config with every service, written as viam-server users do, runs healthy and answers doCommand', async () => {
    const services = FAKE_SERVICE_SUBTYPES.map((subtype) => ({
      name: `svc-${subtype}`,
      api: `rdk:service:${subtype}`,
      attributes: subtype === 'data_manager' ? { sync_interval_mins: 5, capture_dir: '/tmp/x' } : {},
    }))
    // The older form too: type + namespace, with the model spelled out.
    services.push({
      name: 'nav-old',
      type: 'navigation',
      namespace: 'rdk',
      model: 'rdk:builtin:builtin',
    } as never)
    const { states, errors } = await run({ services })
    expect(errors).toEqual([])
    expect(
      Object.values(states).every((s) => s === 'ready'),
      JSON.stringify(states),
    ).toBe(true)
    expect(Object.keys(states)).toHaveLength(FAKE_SERVICE_SUBTYPES.length + 1)

    const clock = new ManualClock()
    const agent = await Agent.start(
      { partId: 'p', secret: 'bench-secret-0123456789', machineName: 'm', clock },
      {
        config: { services },
      },
    )
    const dm = agent.resource('svc-data_manager')
    expect(dm.isActuator).toBe(false)
    expect(dm.call('doCommand', { command: { status: true } })).toMatchObject({
      service: 'data_manager',
      sync_interval_mins: 5,
      pending_files: 0,
      attributes: { capture_dir: '/tmp/x' },
    })
    expect(dm.call('doCommand', { command: { sync: true } })).toEqual({ echo: { sync: true } })
    // STOP ALL has nothing to stop on a machine with only services.
    expect(agent.stopAll()).toEqual([])
    await agent.close()
  })

  it('an unknown service model is still reported unhealthy, naming the models there are', async () => {
    const { states, errors } = await run({
      services: [{ name: 'dm', api: 'rdk:service:data_manager', model: 'acme:custom:dm' }],
    })
    expect(states.dm).toMatch(
      /^unhealthy: this agent has no model "acme:custom:dm".*available: builtin, fake/,
    )
    expect(errors).toHaveLength(1)
  })
})

describe('the demo fleet', () => {
  const demo = generateFleet({ machines: DEMO_FLEET_MACHINES, revisionsPerPart: 5, logs: 2000 })

  it('has data_manager services (what made newcomers see red before the fake services)', () => {
    const withDataManager = demo.fleet.revisions.filter((r) =>
      JSON.stringify(r.config).includes('rdk:service:data_manager'),
    )
    expect(withDataManager.length).toBeGreaterThan(0)
  })

  it('every robot the demo runs is healthy: each resource ready, no ERROR log line', async () => {
    const specs = demoRobotSpecs(demo)
    expect(specs.length).toBeGreaterThan(0)
    for (const spec of specs) {
      const { states, errors } = await run(spec.machineConfig)
      expect(errors, spec.machineName).toEqual([])
      for (const [name, state] of Object.entries(states))
        expect(state, `${spec.machineName} ${name}`).toBe('ready')
    }
  })

  it('every config of every demo machine, each revision, would run healthy too', async () => {
    for (const revision of demo.fleet.revisions) {
      const { states, errors } = await run(revision.config)
      const where = `${revision.partId} revision ${revision.revision}`
      expect(errors, where).toEqual([])
      for (const [name, state] of Object.entries(states)) expect(state, `${where} ${name}`).toBe('ready')
    }
  })

  it('each demo robot carries the revision of the config it runs, as the cache numbers it', () => {
    for (const spec of demoRobotSpecs(demo)) {
      const newest = Math.max(
        ...demo.fleet.revisions.filter((r) => r.partId === spec.partId).map((r) => r.revision),
      )
      expect(spec.revision, spec.machineName).toBe(newest)
    }
  })
})
