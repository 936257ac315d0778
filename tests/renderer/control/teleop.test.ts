import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  TELEOP_IDLE,
  teleopKeyOf,
  teleopPower,
  teleopStep,
  type TeleopEffect,
  type TeleopEvent,
  type TeleopState,
} from '../../../src/renderer/src/control/panels/teleop'

function run(
  events: TeleopEvent[],
  from: TeleopState = TELEOP_IDLE,
): { state: TeleopState; effects: TeleopEffect[] } {
  let state = from
  const effects: TeleopEffect[] = []
  for (const e of events) {
    const next = teleopStep(state, e)
    state = next.state
    effects.push(next.effect)
  }
  return { state, effects }
}

describe('teleop keys', () => {
  it('maps WASD by physical key and the arrows', () => {
    expect(teleopKeyOf('KeyW')).toBe('forward')
    expect(teleopKeyOf('ArrowUp')).toBe('forward')
    expect(teleopKeyOf('KeyS')).toBe('back')
    expect(teleopKeyOf('ArrowLeft')).toBe('left')
    expect(teleopKeyOf('KeyD')).toBe('right')
    expect(teleopKeyOf('Space')).toBeNull()
    expect(teleopKeyOf('toString')).toBeNull()
  })
})

describe('teleop dead-man state machine', () => {
  it('drives on press, ignores key repeat, stops when the last key is released', () => {
    const { state, effects } = run([
      { kind: 'down', key: 'forward' },
      { kind: 'down', key: 'forward' }, // auto-repeat
      { kind: 'down', key: 'left' },
      { kind: 'up', key: 'forward' },
      { kind: 'up', key: 'left' },
    ])
    expect(effects).toEqual(['drive', 'none', 'drive', 'drive', 'stop'])
    expect(state.held.size).toBe(0)
    expect(state.driving).toBe(false)
  })

  it('stops at once when focus is lost with keys held, and forgets them', () => {
    const { state, effects } = run([
      { kind: 'down', key: 'forward' },
      { kind: 'down', key: 'right' },
      { kind: 'release-all' },
    ])
    expect(effects).toEqual(['drive', 'drive', 'stop'])
    expect(state).toEqual(TELEOP_IDLE)
    // The key-up that arrives after the blur does not send anything more.
    expect(teleopStep(state, { kind: 'up', key: 'forward' }).effect).toBe('none')
  })

  it('does nothing on focus loss when it was not driving (a base on a move of its own keeps going)', () => {
    expect(teleopStep(TELEOP_IDLE, { kind: 'release-all' }).effect).toBe('none')
  })

  it('ignores a release of a key that was not held', () => {
    expect(teleopStep(TELEOP_IDLE, { kind: 'up', key: 'back' }).effect).toBe('none')
  })

  it('is driving exactly while keys are held, and stops whenever the last one goes', () => {
    const key = fc.constantFrom('forward', 'back', 'left', 'right' as const)
    const event: fc.Arbitrary<TeleopEvent> = fc.oneof(
      key.map((k) => ({ kind: 'down' as const, key: k })),
      key.map((k) => ({ kind: 'up' as const, key: k })),
      fc.constant({ kind: 'release-all' as const }),
    )
    fc.assert(
      fc.property(fc.array(event, { maxLength: 60 }), (events) => {
        let state = TELEOP_IDLE
        for (const e of events) {
          const next = teleopStep(state, e)
          expect(next.state.driving).toBe(next.state.held.size > 0)
          if (state.held.size > 0 && next.state.held.size === 0) expect(next.effect).toBe('stop')
          if (next.effect === 'drive') expect(next.state.held.size).toBeGreaterThan(0)
          state = next.state
        }
      }),
    )
  })
})

describe('teleop power', () => {
  it('scales forward and turn by the speed limit, y forward and z counter-clockwise', () => {
    expect(teleopPower(new Set(['forward', 'left']), 0.5)).toEqual({
      linear: { x: 0, y: 0.5, z: 0 },
      angular: { x: 0, y: 0, z: 0.5 },
    })
    expect(teleopPower(new Set(['back', 'right']), 1)).toEqual({
      linear: { x: 0, y: -1, z: 0 },
      angular: { x: 0, y: 0, z: -1 },
    })
  })

  it('cancels opposite keys and clamps the limit to 0..1', () => {
    const p = teleopPower(new Set(['forward', 'back']), 2)
    expect(Object.is(p.linear.y, 0)).toBe(true)
    expect(teleopPower(new Set(['forward']), 7).linear.y).toBe(1)
    expect(teleopPower(new Set(['forward']), -1).linear.y).toBe(0)
  })
})
