import { z } from 'zod'
import type { ComponentResult } from '../../shared/robot/componentResults'
import type { Clock } from '../runtime/Clock'
import { defineModel, dispatcher, EMPTY, Stopwatch, type Resource } from './Resource'

// An incremental encoder. With `motor` set it reads that motor's shaft (a dependency, so the motor
// is built first and a rebuilt motor rebuilds the encoder); without it, it spins freely at `rpm`.
// Ticks are whole numbers, as on hardware.

const Attributes = z.looseObject({
  ticks_per_rotation: z.number().int().positive().max(1_000_000).default(100),
  motor: z.string().min(1).optional(),
  rpm: z.number().default(0),
})

type EncoderAttributes = z.output<typeof Attributes>
type Shaft = () => number

export class FakeEncoder implements Resource {
  readonly type = 'encoder'
  readonly isActuator = false
  private offset = 0
  private freeRevolutions = 0
  private readonly watch: Stopwatch

  constructor(
    clock: Clock,
    private readonly attributes: EncoderAttributes,
    private readonly shaft: Shaft | undefined,
  ) {
    this.watch = new Stopwatch(clock)
  }

  readonly call = dispatcher('encoder', {
    position: () => ({ position: this.ticks(), positionType: 'ticks' as const }),
    resetPosition: () => {
      this.offset += this.ticks()
      return EMPTY
    },
    properties: () => ({
      ticksCountSupported: true,
      angleDegreesSupported: false,
      ticksPerRotation: this.attributes.ticks_per_rotation,
    }),
  })

  ticks(): number {
    return Math.round(this.revolutions() * this.attributes.ticks_per_rotation) - this.offset
  }

  readings(): Record<string, unknown> {
    return { ticks: this.ticks() }
  }

  stop(): void {}
  close(): void {}

  private revolutions(): number {
    if (this.shaft) return this.shaft()
    this.freeRevolutions += (this.attributes.rpm * this.watch.lap()) / 60
    return this.freeRevolutions
  }
}

export const fakeEncoder = defineModel({
  api: 'rdk:component:encoder',
  model: 'fake',
  attributes: Attributes,
  dependencies: (attributes) => (attributes.motor === undefined ? [] : [attributes.motor]),
  build: (context, attributes) => {
    let shaft: Shaft | undefined
    if (attributes.motor !== undefined) {
      const motor = context.dependency(attributes.motor)
      if (motor?.type !== 'motor') {
        throw new Error(`"${attributes.motor}" is ${motor ? `a ${motor.type}` : 'not built'}, not a motor`)
      }
      shaft = () => (motor.call('position', {}) as ComponentResult<'motor', 'position'>).position
    }
    return new FakeEncoder(context.clock, attributes, shaft)
  },
})
