import { describe, expect, it } from 'vitest'
import { ManualClock } from '../../src/agent/runtime/ManualClock'
import { fakeBase } from '../../src/agent/models/fakeBase'
import { fakeMotor } from '../../src/agent/models/fakeMotor'
import { fakeSensor } from '../../src/agent/models/fakeSensor'
import type { Resource } from '../../src/agent/models/Resource'
import { build } from './modelHarness'

// A fake base over fake motors, as viam-server configs write it (`left: [..], right: [..]`): the
// motors are its wheels, so what the motors report and what the base reports always agree.

const WHEELS = { width_mm: 400, wheel_circumference_mm: 600, left: ['l'], right: ['r'] }
type Reading = { position: number; rpm: number; isMoving: boolean }
type Pose = { x: number; y: number; thetaDeg: number }

async function baseOverMotors(
  attributes: Record<string, unknown> = {},
  maxRpm = 1000,
): Promise<{
  call: (method: string, args?: Record<string, unknown>) => Promise<unknown>
  clock: ManualClock
  left: Resource
  right: Resource
  base: Resource
}> {
  const clock = new ManualClock()
  const left = (await build(fakeMotor, { max_rpm: maxRpm }, {}, clock)).resource
  const right = (await build(fakeMotor, { max_rpm: maxRpm }, {}, clock)).resource
  const { call, resource } = await build(fakeBase, { ...WHEELS, ...attributes }, { l: left, r: right }, clock)
  return { call, clock, left, right, base: resource }
}

const reading = (motor: Resource): Reading => motor.readings() as Reading

describe('fake base over fake motors', () => {
  it('names its motors as dependencies, so they are built first', () => {
    expect(fakeBase.dependencies({ left: ['a', 'b'], right: ['c'] })).toEqual(['a', 'b', 'c'])
    expect(fakeBase.dependencies({})).toEqual([])
  })

  it('driving forward turns both motors at the rpm the speed needs, and the pose follows the wheels', async () => {
    const { call, clock, left, right } = await baseOverMotors()
    await call('setPower', { linear: { y: 0.6 }, angular: {} }) // 300 mm/s of 500: 30 rpm on a 600 mm wheel
    expect(reading(left)).toMatchObject({ rpm: 30, isMoving: true })
    expect(reading(right)).toMatchObject({ rpm: 30, isMoving: true })
    clock.advance(2000)
    expect(reading(left).position).toBeCloseTo(1, 9)
    expect(await call('pose')).toEqual({ x: 0, y: 600, thetaDeg: 0 })
    await call('stop')
    expect(reading(left)).toMatchObject({ rpm: 0, isMoving: false })
    expect(reading(right)).toMatchObject({ rpm: 0, isMoving: false })
  })

  it('spinning turns the wheels opposite ways', async () => {
    const { call, clock, left, right } = await baseOverMotors()
    await call('spin', { angleDeg: 90, degsPerSec: 45 })
    expect(reading(left).rpm).toBeLessThan(0)
    expect(reading(right).rpm).toBeGreaterThan(0)
    expect(reading(right).rpm).toBeCloseTo(-reading(left).rpm, 9)
    clock.advance(2000)
    expect(await call('pose')).toEqual({ x: 0, y: 0, thetaDeg: 90 })
    // The timed move ends on both wheels at once.
    expect(reading(left).isMoving).toBe(false)
    expect(reading(right).isMoving).toBe(false)
  })

  it('a timed straight move stops the motors at the distance', async () => {
    const { call, clock, left } = await baseOverMotors()
    await call('moveStraight', { distanceMm: 300, mmPerSec: 100 })
    clock.advance(1500)
    expect(await call('isMoving')).toEqual({ isMoving: true })
    clock.advance(10_000)
    expect(await call('pose')).toEqual({ x: 0, y: 300, thetaDeg: 0 })
    expect(await call('isMoving')).toEqual({ isMoving: false })
    expect(reading(left)).toMatchObject({ position: 0.5, rpm: 0, isMoving: false })
  })

  it('a motor stopped on its own turns the base about it, and the base still says it moves', async () => {
    const { call, clock, left } = await baseOverMotors()
    await call('setVelocity', { linear: { y: 100 }, angular: {} })
    clock.advance(1000)
    left.stop() // as the watchdog or a session would
    expect(await call('isMoving')).toEqual({ isMoving: true })
    // The right wheel alone at 100 mm/s pivots about the left wheel: a quarter turn takes
    // (pi/2 * 400 mm) / 100 mm/s.
    clock.advance((Math.PI / 2) * 4000)
    const pose = (await call('pose')) as Pose
    expect(pose.thetaDeg).toBeCloseTo(90, 3)
    expect(pose.x).toBeCloseTo(-200, 3)
    expect(pose.y).toBeCloseTo(100 + 200, 3)
  })

  it('the motors limit the base: too fast a move is slowed on both sides and still goes the whole way', async () => {
    const { call, clock, left, right } = await baseOverMotors({}, 20) // 20 rpm: 200 mm/s on a 600 mm wheel
    await call('moveStraight', { distanceMm: 400, mmPerSec: 400 })
    expect(reading(left).rpm).toBe(20)
    expect(reading(right).rpm).toBe(20)
    clock.advance(1000)
    expect(await call('pose')).toEqual({ x: 0, y: 200, thetaDeg: 0 })
    clock.advance(1000)
    expect(await call('pose')).toEqual({ x: 0, y: 400, thetaDeg: 0 })
    expect(await call('isMoving')).toEqual({ isMoving: false })
  })

  it('a pose read often or seldom is the same', async () => {
    const often = await baseOverMotors()
    const seldom = await baseOverMotors()
    for (const b of [often, seldom]) await b.call('setVelocity', { linear: { y: 100 }, angular: { z: 30 } })
    for (let i = 0; i < 50; i++) {
      often.clock.advance(100)
      await often.call('pose')
    }
    seldom.clock.advance(5000)
    const a = (await often.call('pose')) as Pose
    const b = (await seldom.call('pose')) as Pose
    expect(a.x).toBeCloseTo(b.x, 3)
    expect(a.y).toBeCloseTo(b.y, 3)
    expect(a.thetaDeg).toBeCloseTo(b.thetaDeg, 3)
  })

  it('closing the base stops its motors and lets them go', async () => {
    const { call, clock, left, base } = await baseOverMotors()
    await call('setPower', { linear: { y: 1 }, angular: {} })
    base.close()
    expect(reading(left).isMoving).toBe(false)
    await left.call('setPower', { power: 0.5 })
    clock.advance(1000)
    expect(reading(left).isMoving).toBe(true) // the closed base no longer follows it
  })

  it('refuses one side without the other, and a wheel that is not a fake motor, in words', async () => {
    expect(fakeBase.validate({ left: ['l'] })).toMatchObject({
      ok: false,
      errors: [{ path: '$.right', message: expect.stringContaining('both sides') }],
    })
    const sensor = (await build(fakeSensor)).resource
    const motor = (await build(fakeMotor)).resource
    await expect(build(fakeBase, WHEELS, { l: motor, r: sensor })).rejects.toThrow(
      '"r" is a sensor, not a fake motor',
    )
  })
})
