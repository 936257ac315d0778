import { ManualClock } from '../../src/agent/runtime/ManualClock'
import { AgentLog } from '../../src/agent/AgentLog'
import type { ModelFactory, Resource } from '../../src/agent/models/Resource'

/** Builds one model on a manual clock, with the given dependencies. */
export async function build(
  factory: ModelFactory,
  attributes: Record<string, unknown> = {},
  dependencies: Record<string, Resource> = {},
  clock = new ManualClock(),
): Promise<{
  resource: Resource
  clock: ManualClock
  call: (method: string, args?: Record<string, unknown>) => Promise<unknown>
}> {
  const log = new AgentLog({ partId: 'p', clock }).logger('test')
  const check = factory.validate(attributes)
  if (!check.ok) throw new Error(JSON.stringify(check.errors))
  const resource = await factory.build(
    { name: 'r', clock, log, dependency: (n) => dependencies[n] },
    attributes,
  )
  return { resource, clock, call: async (method, args = {}) => resource.call(method, args) }
}
