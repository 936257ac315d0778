import { useEffect, type ReactElement } from 'react'
import type { RobotSessionView } from '../../../shared/api/robotViews'
import { getCoreApi } from '../api/getCoreApi'
import { SerialConsoleView } from './SerialConsoleView'
import { feedFor } from './serialSync'
import { useSerialStore } from './useSerialStore'

/** A serial session's port and rate, from its address (`/dev/ttyUSB0 @ 115200 baud`). */
export function serialPortOf(session: RobotSessionView | null): { path: string; baudRate: number } | null {
  if (session?.via !== 'serial') return null
  const match = /^(.*) @ (\d+) baud$/.exec(session.address)
  return match?.[1] ? { path: match[1], baudRate: Number(match[2]) } : null
}

/**
 * CONSOLE of a serial robot session: what the device prints outside its frames. The console
 * listens to the session's own link (opened here if no console was open on the port).
 */
export function SessionConsoleTab({ path, baudRate }: { path: string; baudRate: number }): ReactElement {
  const state = useSerialStore((s) => s.consoles[path]?.state)
  useEffect(() => {
    if (state === 'open' || state === 'opening') return
    void getCoreApi()
      .openSerialConsole({ path, baudRate })
      .then((snapshot) => {
        useSerialStore.getState().upsertConsole(snapshot)
        feedFor(path).load(snapshot)
      })
      // The session dropped in between: the console says closed, and the session why.
      .catch(() => undefined)
  }, [path, baudRate, state])
  return <SerialConsoleView path={path} sessionOwned />
}
