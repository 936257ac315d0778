import { useCallback, useEffect, useRef, useState, type FocusEvent, type KeyboardEvent } from 'react'
import {
  TELEOP_IDLE,
  teleopKeyOf,
  teleopPower,
  teleopStep,
  type TeleopEffect,
  type TeleopEvent,
  type TeleopKey,
} from './teleop'
import type { ComponentCaller } from './useComponentCall'

/** While keys are held the command is sent again this often: the robot's watchdog wants liveness. */
export const TELEOP_RESEND_MS = 100

interface Options {
  base: ComponentCaller<'base'>
  live: boolean
  /** 0..1, read at each send so moving the slider while driving takes effect at once. */
  speedLimit: number
}

export interface BaseTeleop {
  held: ReadonlySet<TeleopKey>
  onKeyDown(e: KeyboardEvent): void
  onKeyUp(e: KeyboardEvent): void
  onBlur(e: FocusEvent): void
  /** Stops at once and forgets the held keys (the Stop button, Space). */
  stopNow(): void
}

/**
 * Keyboard driving with a dead-man: the base moves only while a key is held in the focused teleop
 * area. Releasing the last key stops it; so do losing focus, the window losing focus, the page being
 * hidden, the session dropping and leaving the page, each at once.
 */
export function useBaseTeleop({ base, live, speedLimit }: Options): BaseTeleop {
  const state = useRef(TELEOP_IDLE)
  const [held, setHeld] = useState<ReadonlySet<TeleopKey>>(TELEOP_IDLE.held)
  const limit = useRef(speedLimit)
  const caller = useRef(base)
  const resend = useRef<ReturnType<typeof setInterval> | undefined>(undefined)
  const driveInFlight = useRef(false)
  useEffect(() => {
    limit.current = speedLimit
    caller.current = base
  })

  const drive = useCallback((): void => {
    // One drive command in flight at most: a slow link gets the latest command, not a queue of old ones.
    if (driveInFlight.current) return
    driveInFlight.current = true
    void caller.current
      .call('setPower', teleopPower(state.current.held, limit.current))
      .finally(() => (driveInFlight.current = false))
  }, [])

  const step = useCallback(
    (event: TeleopEvent): TeleopEffect => {
      const next = teleopStep(state.current, event)
      state.current = next.state
      setHeld(next.state.held)
      if (next.effect === 'drive') {
        driveInFlight.current = false // a new key is a new command: send it now
        drive()
        if (resend.current === undefined) resend.current = setInterval(drive, TELEOP_RESEND_MS)
      } else if (next.effect === 'stop') {
        clearInterval(resend.current)
        resend.current = undefined
        // A stop never waits for anything: it goes out even with a drive command still unanswered.
        void caller.current.call('stop', {})
      }
      return next.effect
    },
    [drive],
  )

  const releaseAll = useCallback((): void => void step({ kind: 'release-all' }), [step])
  /** Stops whether or not the keys were driving (the base may be on a move of its own). */
  const stopNow = useCallback((): void => {
    if (step({ kind: 'release-all' }) !== 'stop') void caller.current.call('stop', {})
  }, [step])

  // Focus leaving the window or the page hidden (another app, a locked screen) is a released pedal.
  useEffect(() => {
    const onHidden = (): void => {
      if (document.visibilityState === 'hidden') releaseAll()
    }
    window.addEventListener('blur', releaseAll)
    document.addEventListener('visibilitychange', onHidden)
    return () => {
      window.removeEventListener('blur', releaseAll)
      document.removeEventListener('visibilitychange', onHidden)
    }
  }, [releaseAll])

  // A dropped session cannot carry a stop (the robot's own watchdog stops it): forget the keys quietly,
  // so nothing drives again when it is back until a key is pressed anew.
  useEffect(() => {
    if (live) return
    clearInterval(resend.current)
    resend.current = undefined
    state.current = TELEOP_IDLE
  }, [live])

  // Leaving the page while driving stops the base.
  useEffect(() => () => releaseAll(), [releaseAll])

  const onKeyDown = (e: KeyboardEvent): void => {
    if (e.ctrlKey || e.metaKey || e.altKey) return // shortcuts (STOP ALL among them) are not driving
    if (e.code === 'Space' || e.code === 'Escape') {
      e.preventDefault()
      stopNow()
      return
    }
    const key = teleopKeyOf(e.code)
    if (!key) return
    e.preventDefault() // arrows would scroll the page
    if (!live) return
    step({ kind: 'down', key })
  }
  const onKeyUp = (e: KeyboardEvent): void => {
    const key = teleopKeyOf(e.code)
    if (!key) return
    e.preventDefault()
    step({ kind: 'up', key })
  }
  return {
    held: live ? held : TELEOP_IDLE.held,
    onKeyDown,
    onKeyUp,
    onBlur: () => releaseAll(),
    stopNow,
  }
}
