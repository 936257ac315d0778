// Keyboard teleop for a base, as a pure state machine so the dead-man rules can be tested without a
// DOM: which keys are held decides the command; letting go of the last key, or losing focus, stops.

export type TeleopKey = 'forward' | 'back' | 'left' | 'right'

/**
 * By physical key (KeyboardEvent.code), so WASD sits under the same fingers on any layout; arrows
 * work as well.
 */
const KEYS: Readonly<Record<string, TeleopKey>> = {
  KeyW: 'forward',
  ArrowUp: 'forward',
  KeyS: 'back',
  ArrowDown: 'back',
  KeyA: 'left',
  ArrowLeft: 'left',
  KeyD: 'right',
  ArrowRight: 'right',
}

export function teleopKeyOf(code: string): TeleopKey | null {
  return Object.hasOwn(KEYS, code) ? (KEYS[code] ?? null) : null
}

export interface TeleopState {
  held: ReadonlySet<TeleopKey>
  /** A drive command was sent and no stop since: what focus loss must undo. */
  driving: boolean
}

export type TeleopEvent =
  | { kind: 'down'; key: TeleopKey }
  | { kind: 'up'; key: TeleopKey }
  /** Focus left the teleop area or the window, or the page was hidden: the dead-man lets go. */
  | { kind: 'release-all' }

/** What the caller must send now: a drive command for the held keys, a stop, or nothing. */
export type TeleopEffect = 'drive' | 'stop' | 'none'

export const TELEOP_IDLE: TeleopState = { held: new Set(), driving: false }

export function teleopStep(
  state: TeleopState,
  event: TeleopEvent,
): { state: TeleopState; effect: TeleopEffect } {
  switch (event.kind) {
    case 'down': {
      // Key repeat sends keydown again while held: the command is unchanged (the resend timer keeps
      // the robot's watchdog fed, not the key repeat rate).
      if (state.held.has(event.key)) return { state, effect: 'none' }
      const held = new Set(state.held).add(event.key)
      return { state: { held, driving: true }, effect: 'drive' }
    }
    case 'up': {
      if (!state.held.has(event.key)) return { state, effect: 'none' }
      const held = new Set(state.held)
      held.delete(event.key)
      if (held.size > 0) return { state: { held, driving: true }, effect: 'drive' }
      return { state: { held, driving: false }, effect: 'stop' }
    }
    case 'release-all':
      if (state.held.size === 0 && !state.driving) return { state, effect: 'none' }
      return { state: TELEOP_IDLE, effect: 'stop' }
  }
}

export interface BasePower {
  linear: { x: number; y: number; z: number }
  angular: { x: number; y: number; z: number }
}

/**
 * The base's setPower for the held keys: y forward, z counter-clockwise (left) positive, each scaled
 * by the speed limit (0..1). Opposite keys cancel.
 */
export function teleopPower(held: ReadonlySet<TeleopKey>, speedLimit: number): BasePower {
  const limit = Math.min(1, Math.max(0, speedLimit))
  const axis = (plus: TeleopKey, minus: TeleopKey): number =>
    ((held.has(plus) ? 1 : 0) - (held.has(minus) ? 1 : 0)) * limit
  // `+ 0` turns -0 into 0, so a cancelled axis is sent as a plain zero.
  return {
    linear: { x: 0, y: axis('forward', 'back') + 0, z: 0 },
    angular: { x: 0, y: 0, z: axis('left', 'right') + 0 },
  }
}
