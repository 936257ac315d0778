import { z } from 'zod'
import type { Clock } from '../runtime/Clock'
import { defineModel, dispatcher, round, type Resource } from './Resource'

// A movement sensor (GPS + IMU) on a vehicle driving counter-clockwise around a circle at constant
// speed, starting due east of the circle's centre. Every reading is a closed-form function of the
// time since build, so the readings agree with each other: heading is the direction of travel,
// angular velocity is speed / radius, and position moves along the circle.

const METERS_PER_DEGREE_LAT = 111_320

const Attributes = z.looseObject({
  latitude: z.number().min(-89).max(89).default(40.7128),
  longitude: z.number().min(-180).max(180).default(-74.006),
  altitude_m: z.number().default(10),
  radius_m: z.number().positive().max(100_000).default(20),
  speed_m_per_sec: z.number().min(0).max(1000).default(2),
})

type MovementAttributes = z.output<typeof Attributes>

export class FakeMovementSensor implements Resource {
  readonly type = 'movement_sensor'
  readonly isActuator = false
  private readonly builtAt: number

  constructor(
    private readonly clock: Clock,
    private readonly attributes: MovementAttributes,
  ) {
    this.builtAt = clock.now()
  }

  readonly call = dispatcher('movement_sensor', {
    position: () => this.position(),
    linearVelocity: () => ({ x: 0, y: this.attributes.speed_m_per_sec, z: 0 }),
    angularVelocity: () => ({ x: 0, y: 0, z: round(this.angularRateDeg()) }),
    compassHeading: () => ({ headingDeg: round(this.heading()) }),
    orientation: () => ({ ox: 0, oy: 0, oz: 1, thetaDeg: round(normalize180(90 - this.heading())) }),
    readings: () => ({ readings: this.readings() }),
    properties: () => ({
      positionSupported: true,
      linearVelocitySupported: true,
      angularVelocitySupported: true,
      compassHeadingSupported: true,
      orientationSupported: true,
    }),
  })

  readings(): Record<string, unknown> {
    return {
      position: this.position(),
      linear_velocity: { x: 0, y: this.attributes.speed_m_per_sec, z: 0 },
      angular_velocity: { x: 0, y: 0, z: round(this.angularRateDeg()) },
      compass: round(this.heading()),
    }
  }

  stop(): void {}
  close(): void {}

  /** Angle around the circle, radians counter-clockwise from east. */
  private phase(): number {
    const s = (this.clock.now() - this.builtAt) / 1000
    return (this.attributes.speed_m_per_sec / this.attributes.radius_m) * s
  }

  private angularRateDeg(): number {
    return ((this.attributes.speed_m_per_sec / this.attributes.radius_m) * 180) / Math.PI
  }

  private position(): { latitude: number; longitude: number; altitudeM: number } {
    const { latitude, longitude, altitude_m: altitudeM, radius_m: r } = this.attributes
    const phi = this.phase()
    const east = r * Math.cos(phi)
    const north = r * Math.sin(phi)
    const metersPerDegreeLon = METERS_PER_DEGREE_LAT * Math.cos((latitude * Math.PI) / 180)
    return {
      latitude: round(latitude + north / METERS_PER_DEGREE_LAT, 9),
      longitude: round(longitude + east / metersPerDegreeLon, 9),
      altitudeM,
    }
  }

  /** Compass bearing of travel: the circle's tangent, degrees clockwise from north. */
  private heading(): number {
    const phi = this.phase()
    const east = -Math.sin(phi)
    const north = Math.cos(phi)
    const deg = (Math.atan2(east, north) * 180) / Math.PI
    return (deg + 360) % 360
  }
}

function normalize180(deg: number): number {
  const d = ((deg % 360) + 360) % 360
  return d > 180 ? d - 360 : d
}

export const fakeMovementSensor = defineModel({
  api: 'rdk:component:movement_sensor',
  model: 'fake',
  attributes: Attributes,
  build: (context, attributes) => new FakeMovementSensor(context.clock, attributes),
})
