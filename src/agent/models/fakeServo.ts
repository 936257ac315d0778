import { z } from 'zod'
import { CoreError } from '../../shared/errors/CoreError'
import type { Clock } from '../runtime/Clock'
import { defineModel, dispatcher, EMPTY, round, Stopwatch, type Resource } from './Resource'

// A hobby servo: it travels toward the commanded angle at a fixed speed, so `position` shows it
// in between and `isMoving` is true until it arrives. State is integrated lazily from the clock.

const Attributes = z
  .looseObject({
    min_angle_deg: z.number().min(-360).max(360).default(0),
    max_angle_deg: z.number().min(-360).max(360).default(180),
    speed_deg_per_sec: z.number().positive().max(100_000).default(300),
    initial_angle_deg: z.number().optional(),
  })
  .refine((a) => a.min_angle_deg < a.max_angle_deg, {
    message: 'min_angle_deg must be less than max_angle_deg',
    path: ['min_angle_deg'],
  })

type ServoAttributes = z.output<typeof Attributes>

export class FakeServo implements Resource {
  readonly type = 'servo'
  readonly isActuator = true
  private angle: number
  private target: number
  private readonly watch: Stopwatch

  constructor(
    clock: Clock,
    private readonly attributes: ServoAttributes,
  ) {
    this.watch = new Stopwatch(clock)
    const initial = attributes.initial_angle_deg ?? attributes.min_angle_deg
    this.angle = Math.min(attributes.max_angle_deg, Math.max(attributes.min_angle_deg, initial))
    this.target = this.angle
  }

  readonly call = dispatcher('servo', {
    move: ({ angleDeg }) => {
      const { min_angle_deg: min, max_angle_deg: max } = this.attributes
      if (angleDeg < min || angleDeg > max) {
        throw new CoreError(
          'invalid-argument',
          `angle ${angleDeg}° is outside this servo's range ${min}..${max}°`,
        )
      }
      this.advance()
      this.target = angleDeg
      return EMPTY
    },
    position: () => ({ angleDeg: round(this.angleDeg()) }),
    isMoving: () => ({ isMoving: this.isMoving() }),
    stop: () => {
      this.stop()
      return EMPTY
    },
  })

  angleDeg(): number {
    this.advance()
    return this.angle
  }

  isMoving(): boolean {
    this.advance()
    return this.angle !== this.target
  }

  stop(): void {
    this.advance()
    this.target = this.angle
  }

  readings(): Record<string, unknown> {
    return { angleDeg: round(this.angleDeg()), isMoving: this.isMoving() }
  }

  close(): void {
    this.stop()
  }

  private advance(): void {
    const step = this.watch.lap() * this.attributes.speed_deg_per_sec
    const remaining = this.target - this.angle
    if (Math.abs(remaining) <= step) this.angle = this.target
    else this.angle += Math.sign(remaining) * step
  }
}

export const fakeServo = defineModel({
  api: 'rdk:component:servo',
  model: 'fake',
  attributes: Attributes,
  build: (context, attributes) => new FakeServo(context.clock, attributes),
})
