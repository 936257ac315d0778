import { z } from 'zod'
import { CoreError } from '../../shared/errors/CoreError'
import type { Clock } from '../runtime/Clock'
import { defineModel, dispatcher, EMPTY, round, type Resource } from './Resource'

// A wheeled base that dead-reckons its pose. Pose is (x, y) in mm and heading theta, starting at
// the origin facing +y (forward), counter-clockwise positive. Motion is a linear speed v along the
// heading and an angular speed w; the pose is integrated exactly (an arc of a circle) from the
// time of the last change to now, lazily, so the result does not depend on how often it is read.

const Attributes = z.looseObject({
  width_mm: z.number().positive().default(400),
  wheel_circumference_mm: z.number().positive().default(600),
  max_speed_mm_per_sec: z.number().positive().default(500),
  max_angular_deg_per_sec: z.number().positive().default(180),
})

type BaseAttributes = z.output<typeof Attributes>

/** v mm/s, w rad/s, until (ms clock time) for targeted moves. */
type Drive = { v: number; w: number; until: number | undefined } | undefined

const RAD = Math.PI / 180

export class FakeBase implements Resource {
  readonly type = 'base'
  readonly isActuator = true
  private x = 0
  private y = 0
  private theta = 0
  private drive: Drive
  private updatedAt: number

  constructor(
    private readonly clock: Clock,
    private readonly attributes: BaseAttributes,
  ) {
    this.updatedAt = clock.now()
  }

  readonly call = dispatcher('base', {
    moveStraight: ({ distanceMm, mmPerSec }) => {
      if (mmPerSec === 0) throw new CoreError('invalid-argument', 'mmPerSec must not be 0')
      const speed = Math.min(Math.abs(mmPerSec), this.attributes.max_speed_mm_per_sec)
      this.start(
        Math.sign(distanceMm) * Math.sign(mmPerSec) * speed,
        0,
        (Math.abs(distanceMm) / speed) * 1000,
      )
      return EMPTY
    },
    spin: ({ angleDeg, degsPerSec }) => {
      if (degsPerSec === 0) throw new CoreError('invalid-argument', 'degsPerSec must not be 0')
      const rate = Math.min(Math.abs(degsPerSec), this.attributes.max_angular_deg_per_sec)
      this.start(
        0,
        Math.sign(angleDeg) * Math.sign(degsPerSec) * rate * RAD,
        (Math.abs(angleDeg) / rate) * 1000,
      )
      return EMPTY
    },
    setPower: ({ linear, angular }) => {
      const { max_speed_mm_per_sec: vMax, max_angular_deg_per_sec: wMax } = this.attributes
      this.start(linear.y * vMax, angular.z * wMax * RAD, undefined)
      return EMPTY
    },
    setVelocity: ({ linear, angular }) => {
      const { max_speed_mm_per_sec: vMax, max_angular_deg_per_sec: wMax } = this.attributes
      this.start(clamp(linear.y, vMax), clamp(angular.z, wMax) * RAD, undefined)
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
    return { x: round(this.x, 3), y: round(this.y, 3), thetaDeg: round(deg, 3) }
  }

  isMoving(): boolean {
    this.advance()
    return this.drive !== undefined
  }

  stop(): void {
    this.advance()
    this.drive = undefined
  }

  readings(): Record<string, unknown> {
    return { ...this.pose(), isMoving: this.isMoving() }
  }

  close(): void {
    this.stop()
  }

  private start(v: number, w: number, durationMs: number | undefined): void {
    this.advance()
    const still = v === 0 && w === 0
    this.drive =
      still || durationMs === 0
        ? undefined
        : { v, w, until: durationMs === undefined ? undefined : this.updatedAt + durationMs }
  }

  private advance(): void {
    const now = this.clock.now()
    const d = this.drive
    if (d) {
      const end = d.until === undefined ? now : Math.min(now, d.until)
      this.integrate(d.v, d.w, Math.max(0, end - this.updatedAt) / 1000)
      if (d.until !== undefined && now >= d.until) this.drive = undefined
    }
    this.updatedAt = now
  }

  private integrate(v: number, w: number, dt: number): void {
    const t0 = this.theta
    if (Math.abs(w) < 1e-12) {
      this.x += -v * Math.sin(t0) * dt
      this.y += v * Math.cos(t0) * dt
    } else {
      const t1 = t0 + w * dt
      this.x += (v / w) * (Math.cos(t1) - Math.cos(t0))
      this.y += (v / w) * (Math.sin(t1) - Math.sin(t0))
      // Kept in (-2π, 2π) so precision does not erode over hours of spinning.
      this.theta = t1 % (2 * Math.PI)
    }
  }
}

function clamp(value: number, max: number): number {
  return Math.max(-max, Math.min(max, value))
}

export const fakeBase = defineModel({
  api: 'rdk:component:base',
  model: 'fake',
  attributes: Attributes,
  build: (context, attributes) => new FakeBase(context.clock, attributes),
})
