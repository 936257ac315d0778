import { z } from 'zod'
import type { Clock } from '../Clock'
import { defineModel, dispatcher, type Resource } from './Resource'

// A generic component: doCommand with a few commands worth testing a UI against, and an echo of
// anything else.
//   {"increment": n}  adds n to a counter, answers {"counter"}
//   {"get_counter": true}  answers {"counter"}
//   {"time": true}  answers {"time"} (ISO 8601, the agent's clock)
//   anything else  answers {"echo": <the command>}

const Attributes = z.looseObject({ initial_counter: z.number().default(0) })

export class FakeGeneric implements Resource {
  readonly type = 'generic'
  readonly isActuator = false
  private counter: number

  constructor(
    private readonly clock: Clock,
    initialCounter: number,
  ) {
    this.counter = initialCounter
  }

  readonly call = dispatcher('generic', {
    doCommand: ({ command }) => {
      if (typeof command.increment === 'number') {
        this.counter += command.increment
        return { counter: this.counter }
      }
      if (command.get_counter !== undefined) return { counter: this.counter }
      if (command.time !== undefined) return { time: new Date(this.clock.now()).toISOString() }
      return { echo: command }
    },
  })

  readings(): Record<string, unknown> {
    return { counter: this.counter }
  }

  stop(): void {}
  close(): void {}
}

export const fakeGeneric = defineModel({
  api: 'rdk:component:generic',
  model: 'fake',
  attributes: Attributes,
  build: (context, attributes) => new FakeGeneric(context.clock, attributes.initial_counter),
})
