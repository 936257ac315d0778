import { z } from 'zod'
import { CoreError } from '../../shared/errors/CoreError'
import type { Clock } from '../runtime/Clock'
import { defineModel, dispatcher, EMPTY, round, Stopwatch, type Resource } from './Resource'

// A motor without hardware: position (revolutions) is the time integral of its speed, computed
// lazily from the clock whenever it is asked, so it is exact at any time and costs nothing while
// idle. Speed changes are instantaneous (no inertia): simple, and still what a UI needs to show.

const Attributes = z.looseObject({
  max_rpm: z.number().positive().max(100_000).default(100),
})

type Drive =
  | { kind: 'idle' }
  | { kind: 'power'; power: number }
  | { kind: 'rpm'; rpm: number }
  | { kind: 'target'; speedRpm: number; target: number }

export class FakeMotor implements Resource {
  readonly type = 'motor'
  readonly isActuator = true
  private position = 0
  private drive: Drive = { kind: 'idle' }
  private readonly watch: Stopwatch

  constructor(
    clock: Clock,
    readonly maxRpm: number,
  ) {
    this.watch = new Stopwatch(clock)
  }

  readonly call = dispatcher('motor', {
    setPower: ({ power }) => {
      this.advance()
      this.drive = power === 0 ? { kind: 'idle' } : { kind: 'power', power }
      return EMPTY
    },
    goFor: ({ rpm, revolutions }) => {
      this.advance()
      if (rpm === 0) throw new CoreError('invalid-argument', 'rpm must not be 0 (use stop to stop)')
      const speed = Math.min(Math.abs(rpm), this.maxRpm)
      // As on real drivers: 0 revolutions means run until told otherwise.
      if (revolutions === 0) this.drive = { kind: 'rpm', rpm: Math.sign(rpm) * speed }
      else
        this.drive = { kind: 'target', speedRpm: speed, target: this.position + Math.sign(rpm) * revolutions }
      return EMPTY
    },
    goTo: ({ rpm, position }) => {
      this.advance()
      if (rpm === 0) throw new CoreError('invalid-argument', 'rpm must not be 0 (use stop to stop)')
      this.drive = { kind: 'target', speedRpm: Math.min(Math.abs(rpm), this.maxRpm), target: position }
      return EMPTY
    },
    stop: () => {
      this.stop()
      return EMPTY
    },
    position: () => ({ position: round(this.positionRevolutions()) }),
    isMoving: () => ({ isMoving: this.isMoving() }),
    isPowered: () => {
      this.advance()
      return { isOn: this.drive.kind !== 'idle', powerPct: round((this.rpm() / this.maxRpm) * 100, 3) }
    },
    properties: () => ({ positionReporting: true, maxRpm: this.maxRpm }),
  })

  positionRevolutions(): number {
    this.advance()
    return this.position
  }

  isMoving(): boolean {
    this.advance()
    return this.drive.kind !== 'idle'
  }

  stop(): void {
    this.advance()
    this.drive = { kind: 'idle' }
  }

  readings(): Record<string, unknown> {
    this.advance()
    return { position: round(this.position), rpm: round(this.rpm(), 3), isMoving: this.drive.kind !== 'idle' }
  }

  close(): void {
    this.stop()
  }

  /** Signed speed now, in rpm. */
  private rpm(): number {
    const d = this.drive
    if (d.kind === 'power') return d.power * this.maxRpm
    if (d.kind === 'rpm') return d.rpm
    if (d.kind === 'target') return Math.sign(d.target - this.position) * d.speedRpm
    return 0
  }

  private advance(): void {
    const minutes = this.watch.lap() / 60
    const d = this.drive
    if (minutes === 0 || d.kind === 'idle') return
    if (d.kind !== 'target') {
      this.position += this.rpm() * minutes
      return
    }
    const remaining = d.target - this.position
    const travel = d.speedRpm * minutes
    if (travel >= Math.abs(remaining)) {
      this.position = d.target
      this.drive = { kind: 'idle' }
    } else this.position += Math.sign(remaining) * travel
  }
}

export const fakeMotor = defineModel({
  api: 'rdk:component:motor',
  model: 'fake',
  attributes: Attributes,
  build: (context, attributes) => new FakeMotor(context.clock, attributes.max_rpm),
})
