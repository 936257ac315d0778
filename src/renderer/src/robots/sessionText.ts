import { assertNever } from '../../../shared/errors/CoreError'
import type { RobotSessionState, RobotSessionView } from '../../../shared/api/robotViews'

/** The word shown beside a session's icon and colour (never the colour alone). */
export function sessionLabel(state: RobotSessionState): string {
  switch (state) {
    case 'connecting':
      return 'Connecting'
    case 'live':
      return 'Live'
    case 'reconnecting':
      return 'Reconnecting'
    case 'unreachable':
      return 'Unreachable'
    case 'closed':
      return 'Not connected'
    default:
      return assertNever(state, 'session state')
  }
}

export const sessionColor: Readonly<Record<RobotSessionState, string>> = {
  connecting: 'blue',
  live: 'green',
  reconnecting: 'yellow',
  unreachable: 'orange',
  closed: 'gray',
}

export type OpenSession = RobotSessionView & { state: Exclude<RobotSessionState, 'closed'> }

/** A session that exists for the user: being opened, live, or trying to come back. */
export function isSessionOpen(session: RobotSessionView | null | undefined): session is OpenSession {
  return session !== null && session !== undefined && session.state !== 'closed'
}

/**
 * STOP ALL shows while a machine may be moving: a live session, or one that dropped and is coming
 * back (its robot may still be driving on the last command until its own watchdog stops it). Between
 * reconnect attempts a session is "unreachable": counting it too keeps the button from flickering.
 */
export function stopAllVisible(sessions: Iterable<RobotSessionView>): boolean {
  for (const s of sessions)
    if (s.state === 'live' || s.state === 'reconnecting' || s.state === 'unreachable') return true
  return false
}
