import { guardedNavigate } from '../configure/useLeaveGuard'
import { useTreeStore } from '../state/useTreeStore'

/** The main area's key for the console of a serial port (a device that speaks no frames). */
export const SERIAL_KEY_PREFIX = 'serial:'
export const serialKey = (path: string): string => `${SERIAL_KEY_PREFIX}${path}`

/** Shows a port's console as the whole main area. */
export function showSerialConsole(path: string): void {
  const key = serialKey(path)
  if (useTreeStore.getState().selectedKey === key) return
  guardedNavigate(() => useTreeStore.getState().select(key, null))
}

/** A serial failure's own words: the core's message already says what to do (dialout, busy, unplugged). */
export function serialErrorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err)
}
