import { z } from 'zod'
import type { Clock } from '../runtime/Clock'
import type { Logger } from '../runtime/Logger'
import { defineModel, dispatcher, type Resource } from './Resource'

// A generic component: doCommand with a few commands worth testing a UI against, and an echo of
// anything else.
//   {"increment": n}  adds n to a counter, answers {"counter"}
//   {"get_counter": true}  answers {"counter"}
//   {"time": true}  answers {"time"} (ISO 8601, the agent's clock)
//   {"log_burst": {"count": n, "rate": r}}  writes n info lines at r lines/s (for trying a LOGS view
//       and for the log-streaming bench), answers {"started": n} at once
//   anything else  answers {"echo": <the command>}

const Attributes = z.looseObject({ initial_counter: z.number().default(0) })
const BurstCommand = z.object({
  count: z.number().int().min(1).max(1_000_000),
  rate: z.number().min(1).max(100_000),
})

export class FakeGeneric implements Resource {
  readonly type = 'generic'
  readonly isActuator = false
  private counter: number

  private burst: ReturnType<typeof setInterval> | undefined

  constructor(
    private readonly clock: Clock,
    initialCounter: number,
    private readonly log: Logger,
  ) {
    this.counter = initialCounter
  }

  /** Writes `count` lines at `rate` per second in 10 ms slices; a new burst replaces a running one. */
  private startBurst(count: number, rate: number): void {
    clearInterval(this.burst)
    let written = 0
    const started = Date.now()
    this.burst = setInterval(() => {
      const due = Math.min(count, Math.ceil(((Date.now() - started) / 1000) * rate))
      for (; written < due; written++)
        this.log.info(`burst line ${written + 1} of ${count}`, { seq: written + 1 })
      if (written >= count) clearInterval(this.burst)
    }, 10)
  }

  readonly call = dispatcher('generic', {
    doCommand: ({ command }) => {
      if (typeof command.increment === 'number') {
        this.counter += command.increment
        return { counter: this.counter }
      }
      if (command.get_counter !== undefined) return { counter: this.counter }
      if (command.time !== undefined) return { time: new Date(this.clock.now()).toISOString() }
      const burst = BurstCommand.safeParse(command.log_burst)
      if (burst.success) {
        this.startBurst(burst.data.count, burst.data.rate)
        return { started: burst.data.count }
      }
      return { echo: command }
    },
  })

  readings(): Record<string, unknown> {
    return { counter: this.counter }
  }

  stop(): void {}
  close(): void {
    clearInterval(this.burst)
  }
}

export const fakeGeneric = defineModel({
  api: 'rdk:component:generic',
  model: 'fake',
  attributes: Attributes,
  build: (context, attributes) => new FakeGeneric(context.clock, attributes.initial_counter, context.log),
})
