import { z } from 'zod'
import { CoreError } from '../../shared/errors/CoreError'
import type { Clock } from '../runtime/Clock'
import { FakeMotor } from './fakeMotor'
import { defineModel, dispatcher, EMPTY, round, type BuildContext, type Resource } from './Resource'

// A wheeled base (differential drive) that dead-reckons its pose from its wheels. Pose is (x, y)
// in mm and heading theta, starting at the origin facing +y (forward), counter-clockwise positive.
//
// The wheels are motors: the ones named in `left` and `right` (as viam-server configs write them),
// or two hidden ones when none are named. Every command becomes a speed for each wheel, and the pose
// is integrated from how far the wheels really turned, so the base and its motors always agree:
// the motors' panels show the rpm the base commands, a motor stopped on its own turns the base, and
// a motor's max_rpm limits the base. Between two commands every wheel turns at a constant speed, so
// the path is exactly an arc of a circle, whenever (and however often) the pose is read.

const Attributes = z
  .looseObject({
    width_mm: z.number().positive().default(400),
    wheel_circumference_mm: z.number().positive().default(600),
    max_speed_mm_per_sec: z.number().positive().default(500),
    max_angular_deg_per_sec: z.number().positive().default(180),
    left: z.array(z.string().min(1)).min(1).optional(),
    right: z.array(z.string().min(1)).min(1).optional(),
  })
  .refine((a) => (a.left === undefined) === (a.right === undefined), {
    message: 'name the motors of both sides (left and right), or of neither',
    path: ['right'],
  })

type BaseAttributes = z.output<typeof Attributes>

const RAD = Math.PI / 180

/** One side of the base: its motors, driven together. */
class Side {
  constructor(readonly motors: readonly FakeMotor[]) {}

  /** Revolutions turned, averaged over the side's motors. */
  position(): number {
    return this.motors.reduce((sum, m) => sum + m.positionRevolutions(), 0) / this.motors.length
  }

  get maxRpm(): number {
    return Math.min(...this.motors.map((m) => m.maxRpm))
  }

  run(rpm: number, durationMs: number | undefined): void {
    for (const m of this.motors) m.run(rpm, durationMs)
  }

  stop(): void {
    for (const m of this.motors) m.stop()
  }

  isMoving(): boolean {
    return this.motors.some((m) => m.isMoving())
  }
}

export class FakeBase implements Resource {
  readonly type = 'base'
  readonly isActuator = true
  private x = 0
  private y = 0
  private theta = 0
  private readonly left: Side
  private readonly right: Side
  /** Wheel positions (revolutions) the pose was last integrated to. */
  private wheelsAt: { left: number; right: number }
  private readonly unsubscribe: Array<() => void>

  constructor(
    clock: Clock,
    private readonly attributes: BaseAttributes,
    wheels?: { left: readonly FakeMotor[]; right: readonly FakeMotor[] },
  ) {
    // Without named motors the wheels are private, with no speed limit of their own.
    this.left = new Side(wheels?.left ?? [new FakeMotor(clock, Number.POSITIVE_INFINITY)])
    this.right = new Side(wheels?.right ?? [new FakeMotor(clock, Number.POSITIVE_INFINITY)])
    this.wheelsAt = { left: this.left.position(), right: this.right.position() }
    // Whoever changes a wheel's speed (this base, a session, the watchdog), the pose is first brought
    // up to that instant with the old speed.
    this.unsubscribe = [...this.left.motors, ...this.right.motors].map((m) =>
      m.onCommand(() => this.advance()),
    )
  }

  readonly call = dispatcher('base', {
    moveStraight: ({ distanceMm, mmPerSec }) => {
      if (mmPerSec === 0) throw new CoreError('invalid-argument', 'mmPerSec must not be 0')
      const speed = Math.min(Math.abs(mmPerSec), this.attributes.max_speed_mm_per_sec)
      this.drive(
        Math.sign(distanceMm) * Math.sign(mmPerSec) * speed,
        0,
        (Math.abs(distanceMm) / speed) * 1000,
      )
      return EMPTY
    },
    spin: ({ angleDeg, degsPerSec }) => {
      if (degsPerSec === 0) throw new CoreError('invalid-argument', 'degsPerSec must not be 0')
      const rate = Math.min(Math.abs(degsPerSec), this.attributes.max_angular_deg_per_sec)
      this.drive(
        0,
        Math.sign(angleDeg) * Math.sign(degsPerSec) * rate * RAD,
        (Math.abs(angleDeg) / rate) * 1000,
      )
      return EMPTY
    },
    setPower: ({ linear, angular }) => {
      const { max_speed_mm_per_sec: vMax, max_angular_deg_per_sec: wMax } = this.attributes
      this.drive(linear.y * vMax, angular.z * wMax * RAD, undefined)
      return EMPTY
    },
    setVelocity: ({ linear, angular }) => {
      const { max_speed_mm_per_sec: vMax, max_angular_deg_per_sec: wMax } = this.attributes
      this.drive(clamp(linear.y, vMax), clamp(angular.z, wMax) * RAD, undefined)
      return EMPTY
    },
    stop: () => {
      this.stop()
      return EMPTY
    },
    isMoving: () => ({ isMoving: this.isMoving() }),
    pose: () => this.pose(),
    properties: () => ({
      widthMm: this.attributes.width_mm,
      wheelCircumferenceMm: this.attributes.wheel_circumference_mm,
      maxMmPerSec: this.attributes.max_speed_mm_per_sec,
      maxDegsPerSec: this.attributes.max_angular_deg_per_sec,
    }),
  })

  pose(): { x: number; y: number; thetaDeg: number } {
    this.advance()
    let deg = (this.theta / RAD) % 360
    if (deg > 180) deg -= 360
    if (deg <= -180) deg += 360
    // `|| 0`: a float error just below zero must not read as -0.
    return { x: round(this.x, 3) || 0, y: round(this.y, 3) || 0, thetaDeg: round(deg, 3) || 0 }
  }

  isMoving(): boolean {
    return this.left.isMoving() || this.right.isMoving()
  }

  stop(): void {
    this.left.stop()
    this.right.stop()
  }

  readings(): Record<string, unknown> {
    return { ...this.pose(), isMoving: this.isMoving() }
  }

  close(): void {
    this.stop()
    for (const off of this.unsubscribe) off()
  }

  /**
   * Linear speed v (mm/s) and turn rate w (rad/s) become a speed for each wheel. A wheel that cannot
   * turn that fast slows both sides by the same factor, so the base keeps its path and a timed move
   * takes longer rather than ending short.
   */
  private drive(v: number, w: number, durationMs: number | undefined): void {
    if ((v === 0 && w === 0) || durationMs === 0) {
      this.stop()
      return
    }
    const { width_mm: width, wheel_circumference_mm: circumference } = this.attributes
    const toRpm = (mmPerSec: number): number => (mmPerSec / circumference) * 60
    const left = toRpm(v - (w * width) / 2)
    const right = toRpm(v + (w * width) / 2)
    const limit = (rpm: number, max: number): number => (Math.abs(rpm) > max ? max / Math.abs(rpm) : 1)
    const k = Math.min(limit(left, this.left.maxRpm), limit(right, this.right.maxRpm))
    const duration = durationMs === undefined ? undefined : durationMs / k
    this.left.run(left * k, duration)
    this.right.run(right * k, duration)
  }

  /** Integrates the pose from how far each side turned since the last time. */
  private advance(): void {
    const now = { left: this.left.position(), right: this.right.position() }
    const { width_mm: width, wheel_circumference_mm: circumference } = this.attributes
    const dl = (now.left - this.wheelsAt.left) * circumference
    const dr = (now.right - this.wheelsAt.right) * circumference
    this.wheelsAt = now
    if (dl === 0 && dr === 0) return
    const ds = (dl + dr) / 2
    const dTheta = (dr - dl) / width
    const t0 = this.theta
    if (Math.abs(dTheta) < 1e-12) {
      this.x += -ds * Math.sin(t0)
      this.y += ds * Math.cos(t0)
    } else {
      const t1 = t0 + dTheta
      const radius = ds / dTheta
      this.x += radius * (Math.cos(t1) - Math.cos(t0))
      this.y += radius * (Math.sin(t1) - Math.sin(t0))
      // Kept in (-2π, 2π) so precision does not erode over hours of spinning.
      this.theta = t1 % (2 * Math.PI)
    }
  }
}

function clamp(value: number, max: number): number {
  return Math.max(-max, Math.min(max, value))
}

/** The named motors of one side, each a fake motor built before this base. */
function wheelMotors(context: BuildContext, names: readonly string[]): FakeMotor[] {
  return names.map((name) => {
    const motor = context.dependency(name)
    if (!(motor instanceof FakeMotor))
      throw new Error(
        `"${name}" is ${motor ? `a ${motor.type}` : 'not built'}, not a fake motor: a fake base drives fake motors`,
      )
    return motor
  })
}

export const fakeBase = defineModel({
  api: 'rdk:component:base',
  model: 'fake',
  attributes: Attributes,
  dependencies: (attributes) => [...(attributes.left ?? []), ...(attributes.right ?? [])],
  build: (context, attributes) =>
    new FakeBase(
      context.clock,
      attributes,
      attributes.left && attributes.right
        ? { left: wheelMotors(context, attributes.left), right: wheelMotors(context, attributes.right) }
        : undefined,
    ),
})
