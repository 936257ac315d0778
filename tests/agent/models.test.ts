import { describe, expect, it } from 'vitest'
import { inflateSync } from 'node:zlib'
import { fakeBase } from '../../src/agent/models/fakeBase'
import { fakeBoard } from '../../src/agent/models/fakeBoard'
import { fakeCamera } from '../../src/agent/models/fakeCamera'
import { crc32 } from '../../src/shared/codec/crc32'
import { fakeEncoder } from '../../src/agent/models/fakeEncoder'
import { fakeGeneric } from '../../src/agent/models/fakeGeneric'
import { fakeMotor } from '../../src/agent/models/fakeMotor'
import { fakeMovementSensor } from '../../src/agent/models/fakeMovementSensor'
import { fakeSensor } from '../../src/agent/models/fakeSensor'
import { fakeServo } from '../../src/agent/models/fakeServo'
import { build } from './modelHarness'

describe('fake motor', () => {
  it('integrates power and rpm into position', async () => {
    const { call, clock } = await build(fakeMotor, { max_rpm: 60 })
    await call('setPower', { power: 0.5 }) // 30 rpm = 0.5 rev/s
    clock.advance(2000)
    expect(await call('position')).toEqual({ position: 1 })
    expect(await call('isPowered')).toEqual({ isOn: true, powerPct: 50 })
    await call('setPower', { power: -1 })
    clock.advance(1000)
    expect(await call('position')).toEqual({ position: 0 })
    await call('stop')
    clock.advance(5000)
    expect(await call('position')).toEqual({ position: 0 })
    expect(await call('isMoving')).toEqual({ isMoving: false })
  })

  it('goFor turns the revolutions at rpm, then stops; the signs multiply', async () => {
    const { call, clock } = await build(fakeMotor, { max_rpm: 120 })
    await call('goFor', { rpm: 60, revolutions: 2 })
    clock.advance(1000)
    expect(await call('position')).toEqual({ position: 1 })
    expect(await call('isMoving')).toEqual({ isMoving: true })
    clock.advance(5000) // overshoots in time, not in position
    expect(await call('position')).toEqual({ position: 2 })
    expect(await call('isMoving')).toEqual({ isMoving: false })
    await call('goFor', { rpm: -60, revolutions: 1 })
    clock.advance(10_000)
    expect(await call('position')).toEqual({ position: 1 })
  })

  it('goTo travels at |rpm| to the absolute position; rpm is capped at max_rpm', async () => {
    const { call, clock } = await build(fakeMotor, { max_rpm: 60 })
    await call('goTo', { rpm: 600, position: -3 })
    clock.advance(1000)
    expect(await call('position')).toEqual({ position: -1 })
    clock.advance(60_000)
    expect(await call('position')).toEqual({ position: -3 })
  })

  it('refuses out-of-range power and unknown methods, with the argument path', async () => {
    const { call } = await build(fakeMotor)
    await expect(call('setPower', { power: 2 })).rejects.toMatchObject({
      code: 'invalid-argument',
      fieldErrors: [{ path: '$.args.power', message: expect.any(String) }],
    })
    await expect(call('fly')).rejects.toMatchObject({
      code: 'not-found',
      message: 'a motor has no method "fly"',
    })
    await expect(call('toString')).rejects.toMatchObject({ code: 'not-found' })
    await expect(call('goFor', { rpm: 0, revolutions: 1 })).rejects.toMatchObject({
      code: 'invalid-argument',
    })
  })
})

describe('fake servo', () => {
  it('travels to the angle at its speed and can be stopped midway', async () => {
    const { call, clock } = await build(fakeServo, { speed_deg_per_sec: 90 })
    await call('move', { angleDeg: 90 })
    clock.advance(500)
    expect(await call('position')).toEqual({ angleDeg: 45 })
    expect(await call('isMoving')).toEqual({ isMoving: true })
    await call('stop')
    clock.advance(2000)
    expect(await call('position')).toEqual({ angleDeg: 45 })
    await call('move', { angleDeg: 0 })
    clock.advance(2000)
    expect(await call('position')).toEqual({ angleDeg: 0 })
    await expect(call('move', { angleDeg: 200 })).rejects.toMatchObject({
      message: /outside this servo's range 0..180/,
    })
  })
})

describe('fake board', () => {
  it('remembers GPIO and PWM, and reads deterministic analog waves', async () => {
    const { call, clock } = await build(fakeBoard, { analogs: [{ name: 'pot', period_ms: 4000 }] })
    await call('setGpio', { pin: '11', high: true })
    expect(await call('getGpio', { pin: '11' })).toEqual({ high: true })
    expect(await call('getGpio', { pin: '12' })).toEqual({ high: false })
    await call('setPwm', { pin: '12', dutyCyclePct: 25 })
    await call('setPwmFrequency', { pin: '12', frequencyHz: 1000 })
    expect(await call('pwm', { pin: '12' })).toEqual({ dutyCyclePct: 25 })
    expect(await call('pwmFrequency', { pin: '12' })).toEqual({ frequencyHz: 1000 })
    expect(await call('pwmFrequency', { pin: '13' })).toEqual({ frequencyHz: 800 })
    expect(await call('readAnalog', { name: 'pot' })).toMatchObject({ value: 512, max: 1023 })
    clock.advance(1000) // a quarter period: the crest
    expect(await call('readAnalog', { name: 'pot' })).toMatchObject({ value: 912 })
    clock.advance(2000)
    expect(await call('readAnalog', { name: 'pot' })).toMatchObject({ value: 112 })
    await expect(call('readAnalog', { name: 'nope' })).rejects.toMatchObject({ code: 'not-found' })
    expect(await call('analogNames')).toEqual({ names: ['pot'] })
  })
})

describe('fake sensors', () => {
  it('sensor readings drift smoothly and include configured values', async () => {
    const { call, clock } = await build(fakeSensor, { readings: { battery_v: 12.4 } })
    expect(await call('readings')).toEqual({
      readings: { battery_v: 12.4, temperature_c: 21, humidity_pct: 50 },
    })
    clock.advance(15_000) // a quarter of the temperature period
    expect(await call('readings')).toMatchObject({ readings: { temperature_c: 23 } })
  })

  it('movement sensor readings agree: heading follows the circle, speed/radius is the turn rate', async () => {
    const { call, clock } = await build(fakeMovementSensor, { radius_m: 10, speed_m_per_sec: Math.PI * 5 })
    // Starts due east of the centre, travelling north.
    expect(await call('compassHeading')).toEqual({ headingDeg: 0 })
    expect(await call('angularVelocity')).toEqual({ x: 0, y: 0, z: 90 })
    clock.advance(1000) // a quarter turn: now due north of the centre, travelling west
    expect(await call('compassHeading')).toEqual({ headingDeg: 270 })
    const start = { latitude: 40.7128, longitude: -74.006 }
    const pos = (await call('position')) as { latitude: number; longitude: number }
    expect(pos.latitude - start.latitude).toBeCloseTo(10 / 111_320, 8)
    expect(pos.longitude).toBeCloseTo(start.longitude, 8)
    expect(await call('linearVelocity')).toEqual({ x: 0, y: Math.PI * 5, z: 0 })
    expect(await call('orientation')).toEqual({ ox: 0, oy: 0, oz: 1, thetaDeg: 180 })
  })

  it('encoder follows its motor in ticks and resets to zero', async () => {
    const motor = await build(fakeMotor, { max_rpm: 60 })
    const { call } = await build(
      fakeEncoder,
      { motor: 'm', ticks_per_rotation: 200 },
      { m: motor.resource },
      motor.clock,
    )
    await motor.call('setPower', { power: 1 })
    motor.clock.advance(1500)
    expect(await call('position')).toEqual({ position: 300, positionType: 'ticks' })
    await call('resetPosition')
    motor.clock.advance(500)
    expect(await call('position')).toEqual({ position: 100, positionType: 'ticks' })
    expect(fakeEncoder.dependencies({ motor: 'm' })).toEqual(['m'])
  })

  it('an encoder on something that is not a motor fails to build', async () => {
    const sensor = await build(fakeSensor)
    await expect(build(fakeEncoder, { motor: 's' }, { s: sensor.resource })).rejects.toThrow(
      '"s" is a sensor, not a motor',
    )
  })
})

describe('fake base', () => {
  it('moveStraight advances along the heading and stops at the distance', async () => {
    const { call, clock } = await build(fakeBase)
    await call('moveStraight', { distanceMm: 300, mmPerSec: 100 })
    clock.advance(1000)
    expect(await call('pose')).toEqual({ x: 0, y: 100, thetaDeg: 0 })
    clock.advance(10_000)
    expect(await call('pose')).toEqual({ x: 0, y: 300, thetaDeg: 0 })
    expect(await call('isMoving')).toEqual({ isMoving: false })
  })

  it('spin turns in place; driving after a quarter turn goes along -x', async () => {
    const { call, clock } = await build(fakeBase)
    await call('spin', { angleDeg: 90, degsPerSec: 45 })
    clock.advance(3000)
    expect(await call('pose')).toEqual({ x: 0, y: 0, thetaDeg: 90 })
    await call('moveStraight', { distanceMm: 100, mmPerSec: 100 })
    clock.advance(1000)
    expect(await call('pose')).toEqual({ x: -100, y: 0, thetaDeg: 90 })
  })

  it('velocity with turning follows an exact arc (a full circle comes back)', async () => {
    const { call, clock } = await build(fakeBase)
    await call('setVelocity', { linear: { y: 100 }, angular: { z: 90 } })
    clock.advance(2000) // half a circle of radius 100/(pi/2) mm
    const half = (await call('pose')) as { x: number; y: number; thetaDeg: number }
    expect(half.thetaDeg).toBeCloseTo(180, 6)
    expect(half.x).toBeCloseTo((-2 * 100) / (Math.PI / 2), 3)
    expect(half.y).toBeCloseTo(0, 3)
    for (let i = 0; i < 20; i++) clock.advance(100) // read often or not: same result
    const full = (await call('pose')) as { x: number; y: number }
    expect(full.x).toBeCloseTo(0, 3)
    expect(full.y).toBeCloseTo(0, 3)
    await call('stop')
    expect(await call('isMoving')).toEqual({ isMoving: false })
  })

  it('setPower scales by the configured maxima', async () => {
    const { call, clock } = await build(fakeBase, { max_speed_mm_per_sec: 200 })
    await call('setPower', { linear: { y: -0.5 }, angular: {} })
    clock.advance(2000)
    expect(await call('pose')).toEqual({ x: 0, y: -200, thetaDeg: 0 })
  })
})

describe('fake camera', () => {
  it('renders a valid PNG that changes over time and is the same at the same time', async () => {
    const { call, clock } = await build(fakeCamera, { fps: 10 })
    type Image = { data: string; frame: number; width: number; height: number; mimeType: string }
    const first = (await call('image')) as Image
    expect(first).toMatchObject({ mimeType: 'image/png', width: 160, height: 120, frame: 0 })
    const png = Buffer.from(first.data, 'base64')
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))
    expect(png.readUInt32BE(16)).toBe(160)
    expect(png.readUInt32BE(20)).toBe(120)
    // Every chunk's CRC is right, and the pixels inflate to the right size.
    let offset = 8
    let idat = Buffer.alloc(0)
    while (offset < png.length) {
      const length = png.readUInt32BE(offset)
      const body = png.subarray(offset + 4, offset + 8 + length)
      expect(png.readUInt32BE(offset + 8 + length)).toBe(crc32(body))
      if (body.subarray(0, 4).toString() === 'IDAT') idat = Buffer.concat([idat, body.subarray(4)])
      offset += 12 + length
    }
    expect(inflateSync(idat).length).toBe((160 * 3 + 1) * 120)
    clock.advance(250)
    const later = (await call('image')) as Image
    expect(later.frame).toBe(2)
    expect(later.data).not.toBe(first.data)
  })

  it('is deterministic across instances at the same time since build', async () => {
    const a = await build(fakeCamera)
    const b = await build(fakeCamera)
    a.clock.advance(1234)
    b.clock.advance(1234)
    expect(await a.call('image')).toEqual(await b.call('image'))
  })
})

describe('fake generic', () => {
  it('runs its commands and echoes anything else', async () => {
    const { call } = await build(fakeGeneric, { initial_counter: 5 })
    expect(await call('doCommand', { command: { increment: 2 } })).toEqual({ counter: 7 })
    expect(await call('doCommand', { command: { get_counter: true } })).toEqual({ counter: 7 })
    expect(await call('doCommand', { command: { time: true } })).toEqual({ time: '2026-01-01T00:00:00.000Z' })
    expect(await call('doCommand', { command: { say: 'hi' } })).toEqual({ echo: { say: 'hi' } })
  })
})
