import { z } from 'zod'
import type { Clock } from '../runtime/Clock'
import { defineModel, dispatcher, round, type Resource } from './Resource'

// An environmental sensor: temperature and humidity drifting slowly on sine waves (deterministic
// from the clock), plus any fixed readings given in the attributes.

const Attributes = z.looseObject({
  base_temperature_c: z.number().min(-100).max(200).default(21),
  /** Extra readings returned as they are, e.g. {"battery_v": 12.4}. */
  readings: z.record(z.string(), z.unknown()).default({}),
})

type SensorAttributes = z.output<typeof Attributes>

export class FakeSensor implements Resource {
  readonly type = 'sensor'
  readonly isActuator = false
  private readonly builtAt: number

  constructor(
    private readonly clock: Clock,
    private readonly attributes: SensorAttributes,
  ) {
    this.builtAt = clock.now()
  }

  readonly call = dispatcher('sensor', {
    readings: () => ({ readings: this.readings() }),
  })

  readings(): Record<string, unknown> {
    const s = (this.clock.now() - this.builtAt) / 1000
    return {
      ...this.attributes.readings,
      temperature_c: round(this.attributes.base_temperature_c + 2 * Math.sin((2 * Math.PI * s) / 60), 3),
      humidity_pct: round(45 + 5 * Math.cos((2 * Math.PI * s) / 90), 3),
    }
  }

  stop(): void {}
  close(): void {}
}

export const fakeSensor = defineModel({
  api: 'rdk:component:sensor',
  model: 'fake',
  attributes: Attributes,
  build: (context, attributes) => new FakeSensor(context.clock, attributes),
})
