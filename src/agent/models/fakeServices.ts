import { z } from 'zod'
import type { Clock } from '../runtime/Clock'
import { defineModel, dispatcher, type ModelFactory, type Resource } from './Resource'

// Stand-ins for viam-server's built-in services, so that a config written for a real robot (a
// data_manager syncing captures, a vision service, a motion planner, ...) runs healthy on the
// simulator and on a bench agent instead of leaving a red resource and an ERROR line behind.
// They do nothing physical: each answers doCommand (every service has it) with what it was
// configured with and a small, service-shaped answer, and never moves anything.
//
// viam-server users usually leave `model` out for built-in services (it defaults to "builtin"),
// so each one is registered as "builtin" and as "fake" (see ModelRegistry.find).

/** The built-in service subtypes faked here, with what `{"status": true}` adds for each. */
const SERVICES: ReadonlyArray<{ subtype: string; status: (attributes: Record<string, unknown>) => object }> =
  [
    {
      subtype: 'data_manager',
      status: (a) => ({
        capture_disabled: a.capture_disabled === true,
        sync_disabled: a.sync_disabled === true,
        sync_interval_mins: typeof a.sync_interval_mins === 'number' ? a.sync_interval_mins : 1,
        // Nothing is captured on a simulated robot, so nothing waits to be synced.
        pending_files: 0,
      }),
    },
    { subtype: 'motion', status: () => ({ plans: 0 }) },
    { subtype: 'navigation', status: () => ({ mode: 'manual', waypoints: 0 }) },
    { subtype: 'slam', status: () => ({ mapping: false, map_points: 0 }) },
    { subtype: 'vision', status: () => ({ detections: [], classifications: [] }) },
    { subtype: 'shell', status: () => ({ sessions: 0 }) },
    { subtype: 'mlmodel', status: (a) => ({ loaded: true, model_path: a.model_path ?? null }) },
    { subtype: 'sensors', status: () => ({ sensors: [] }) },
    { subtype: 'base_remote_control', status: () => ({ controlling: false }) },
    { subtype: 'generic', status: () => ({}) },
  ]

const Attributes = z.record(z.string(), z.unknown())

/**
 * One built-in service, faked. Its `type` is "generic" because doCommand is the one method every
 * service shares; it is no actuator, so STOP ALL and the watchdog leave it alone.
 */
export class FakeService implements Resource {
  readonly type = 'generic'
  readonly isActuator = false
  private commands = 0

  constructor(
    private readonly subtype: string,
    private readonly attributes: Record<string, unknown>,
    private readonly status: () => object,
    private readonly clock: Clock,
  ) {}

  readonly call = dispatcher('generic', {
    doCommand: ({ command }) => {
      this.commands += 1
      if (command.status !== undefined) {
        return {
          service: this.subtype,
          model: 'fake',
          attributes: this.attributes,
          time: new Date(this.clock.now()).toISOString(),
          ...this.status(),
        }
      }
      return { echo: command }
    },
  })

  readings(): Record<string, unknown> {
    return { commands: this.commands }
  }

  stop(): void {}
  close(): void {}
}

function fakeService(
  subtype: string,
  model: string,
  status: (a: Record<string, unknown>) => object,
): ModelFactory {
  return defineModel({
    api: `rdk:service:${subtype}`,
    model,
    attributes: Attributes,
    build: (context, attributes) =>
      new FakeService(subtype, attributes, () => status(attributes), context.clock),
  })
}

/** The API subtypes faked here, e.g. "data_manager" (for tests and docs). */
export const FAKE_SERVICE_SUBTYPES: readonly string[] = SERVICES.map((s) => s.subtype)

/** Every faked service, as "builtin" (viam-server's default model for them) and as "fake". */
export const FAKE_SERVICES: readonly ModelFactory[] = SERVICES.flatMap(({ subtype, status }) => [
  fakeService(subtype, 'builtin', status),
  fakeService(subtype, 'fake', status),
])
