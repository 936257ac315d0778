import { z } from 'zod'
import { assertNever, CoreError } from '../../shared/errors/CoreError'
import type { Clock } from '../runtime/Clock'
import { defineModel, dispatcher, EMPTY, round, type Resource } from './Resource'

// A motor without hardware: position (revolutions) is the time integral of its speed, computed
// lazily from the clock whenever it is asked, so it is exact at any time and costs nothing while
// idle. Speed changes are instantaneous (no inertia): simple, and still what a UI needs to show.
// A base built over motors drives them as its wheels (see fakeBase.ts) through `run`, so the
// motors' speed and position always show what the base is doing.

const Attributes = z.looseObject({
  max_rpm: z.number().positive().max(100_000).default(100),
})

type Drive =
  | { kind: 'idle' }
  | { kind: 'power'; power: number }
  /** Constant speed, until `until` (clock ms) when set: how a base drives its wheels. */
  | { kind: 'rpm'; rpm: number; until: number | undefined }
  | { kind: 'target'; speedRpm: number; target: number }

export class FakeMotor implements Resource {
  readonly type = 'motor'
  readonly isActuator = true
  private position = 0
  private drive: Drive = { kind: 'idle' }
  private updatedAt: number
  private readonly commandListeners = new Set<() => void>()

  constructor(
    private readonly clock: Clock,
    readonly maxRpm: number,
  ) {
    this.updatedAt = clock.now()
  }

  readonly call = dispatcher('motor', {
    setPower: ({ power }) => {
      this.command(power === 0 ? { kind: 'idle' } : { kind: 'power', power })
      return EMPTY
    },
    goFor: ({ rpm, revolutions }) => {
      if (rpm === 0) throw new CoreError('invalid-argument', 'rpm must not be 0 (use stop to stop)')
      const speed = Math.min(Math.abs(rpm), this.maxRpm)
      this.advance()
      // As on real drivers: 0 revolutions means run until told otherwise.
      this.command(
        revolutions === 0
          ? { kind: 'rpm', rpm: Math.sign(rpm) * speed, until: undefined }
          : { kind: 'target', speedRpm: speed, target: this.position + Math.sign(rpm) * revolutions },
      )
      return EMPTY
    },
    goTo: ({ rpm, position }) => {
      if (rpm === 0) throw new CoreError('invalid-argument', 'rpm must not be 0 (use stop to stop)')
      this.command({ kind: 'target', speedRpm: Math.min(Math.abs(rpm), this.maxRpm), target: position })
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

  /** Signed speed now, in rpm. */
  speedRpm(): number {
    this.advance()
    return this.rpm()
  }

  stop(): void {
    this.command({ kind: 'idle' })
  }

  /**
   * Turns at `rpm` (capped at max_rpm), for `durationMs` or until told otherwise: a base drives its
   * wheels this way, so a timed move ends on every wheel at the same instant.
   */
  run(rpm: number, durationMs?: number): void {
    const capped = Math.sign(rpm) * Math.min(Math.abs(rpm), this.maxRpm)
    this.command(
      capped === 0 || durationMs === 0
        ? { kind: 'idle' }
        : {
            kind: 'rpm',
            rpm: capped,
            until: durationMs === undefined ? undefined : this.clock.now() + durationMs,
          },
    )
  }

  /**
   * Called before every commanded change of speed (from a session, the watchdog or a base), while
   * the old speed still holds: a base integrates its pose from its wheels up to that instant.
   * Returns the unsubscribe.
   */
  onCommand(listener: () => void): () => void {
    this.commandListeners.add(listener)
    return () => this.commandListeners.delete(listener)
  }

  readings(): Record<string, unknown> {
    this.advance()
    return { position: round(this.position), rpm: round(this.rpm(), 3), isMoving: this.drive.kind !== 'idle' }
  }

  close(): void {
    this.stop()
    this.commandListeners.clear()
  }

  private command(next: Drive): void {
    for (const listener of this.commandListeners) listener()
    this.advance()
    this.drive = next
  }

  private rpm(): number {
    const d = this.drive
    switch (d.kind) {
      case 'power':
        return d.power * this.maxRpm
      case 'rpm':
        return d.rpm
      case 'target':
        return Math.sign(d.target - this.position) * d.speedRpm
      case 'idle':
        return 0
      default:
        return assertNever(d, 'motor drive')
    }
  }

  private advance(): void {
    const now = this.clock.now()
    const d = this.drive
    const from = this.updatedAt
    this.updatedAt = now
    if (now <= from || d.kind === 'idle') return
    if (d.kind === 'target') {
      const remaining = d.target - this.position
      const travel = (d.speedRpm * (now - from)) / 60_000
      if (travel >= Math.abs(remaining)) {
        this.position = d.target
        this.drive = { kind: 'idle' }
      } else this.position += Math.sign(remaining) * travel
      return
    }
    const end = d.kind === 'rpm' && d.until !== undefined ? Math.min(now, d.until) : now
    this.position += (this.rpm() * Math.max(0, end - from)) / 60_000
    if (d.kind === 'rpm' && d.until !== undefined && now >= d.until) this.drive = { kind: 'idle' }
  }
}

export const fakeMotor = defineModel({
  api: 'rdk:component:motor',
  model: 'fake',
  attributes: Attributes,
  build: (context, attributes) => new FakeMotor(context.clock, attributes.max_rpm),
})
