import { z } from 'zod'
import { CoreError } from '../../shared/errors/CoreError'
import type { Clock } from '../runtime/Clock'
import { defineModel, dispatcher, EMPTY, round, type Resource } from './Resource'

// A board: GPIO pins that remember what they were set to, PWM duty cycles and frequencies per pin,
// and analog readers that follow a deterministic sine wave (10-bit, like a common ADC), each with
// its own period and phase so that a chart of several readers is easy to tell apart.

const Analog = z.looseObject({
  name: z.string().min(1).max(64),
  pin: z.string().max(32).optional(),
  /** One full wave, in ms. */
  period_ms: z.number().positive().max(3_600_000).optional(),
})

const Attributes = z.looseObject({
  analogs: z
    .array(Analog)
    .max(64)
    .default([{ name: 'a1' }, { name: 'a2' }]),
  /** PWM frequency a pin has before it is set. */
  default_pwm_frequency_hz: z.number().min(0).max(1_000_000).default(800),
})

type BoardAttributes = z.output<typeof Attributes>

const ADC_MAX = 1023

export class FakeBoard implements Resource {
  readonly type = 'board'
  readonly isActuator = false
  private readonly gpio = new Map<string, boolean>()
  private readonly duty = new Map<string, number>()
  private readonly frequency = new Map<string, number>()
  private readonly builtAt: number

  constructor(
    private readonly clock: Clock,
    private readonly attributes: BoardAttributes,
  ) {
    this.builtAt = clock.now()
  }

  readonly call = dispatcher('board', {
    setGpio: ({ pin, high }) => {
      this.gpio.set(pin, high)
      return EMPTY
    },
    getGpio: ({ pin }) => ({ high: this.gpio.get(pin) ?? false }),
    readAnalog: ({ name }) => ({
      value: this.analog(name),
      min: 0,
      max: ADC_MAX,
      stepSize: round(3.3 / ADC_MAX),
    }),
    setPwm: ({ pin, dutyCyclePct }) => {
      this.duty.set(pin, dutyCyclePct)
      return EMPTY
    },
    pwm: ({ pin }) => ({ dutyCyclePct: this.duty.get(pin) ?? 0 }),
    setPwmFrequency: ({ pin, frequencyHz }) => {
      this.frequency.set(pin, frequencyHz)
      return EMPTY
    },
    pwmFrequency: ({ pin }) => ({
      frequencyHz: this.frequency.get(pin) ?? this.attributes.default_pwm_frequency_hz,
    }),
    analogNames: () => ({ names: this.attributes.analogs.map((a) => a.name) }),
  })

  /** The reader's value now: 512 ± 400 on a sine, period 2 s, 3 s, ... unless configured. */
  analog(name: string): number {
    const index = this.attributes.analogs.findIndex((a) => a.name === name)
    const reader = this.attributes.analogs[index]
    if (!reader) throw new CoreError('not-found', `this board has no analog reader "${name}"`)
    const period = reader.period_ms ?? 2000 + 1000 * index
    const t = this.clock.now() - this.builtAt
    return Math.round(512 + 400 * Math.sin((2 * Math.PI * t) / period + index))
  }

  stop(): void {
    // Pins keep their state: a board is not an actuator the watchdog stops.
  }

  readings(): Record<string, unknown> {
    const analogs: Record<string, number> = {}
    for (const a of this.attributes.analogs) analogs[a.name] = this.analog(a.name)
    return { analogs, gpio: Object.fromEntries(this.gpio) }
  }

  close(): void {}
}

export const fakeBoard = defineModel({
  api: 'rdk:component:board',
  model: 'fake',
  attributes: Attributes,
  build: (context, attributes) => new FakeBoard(context.clock, attributes),
})
