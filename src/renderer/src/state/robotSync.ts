import { getCoreApi } from '../api/getCoreApi'
import { useReadingsStore } from './useReadingsStore'
import { useRobotStore } from './useRobotStore'

/** Lists what the core knows now (on start, and after the browser-mode socket comes back). */
async function loadRobots(): Promise<void> {
  const api = getCoreApi()
  // Both are read-only lists; a failure here shows as an empty Nearby section, and the next event fixes it.
  const [nearby, sessions] = await Promise.all([
    api.listNearby({}).catch(() => null),
    api.listRobotSessions({}).catch(() => null),
  ])
  if (nearby) useRobotStore.getState().setNearby(nearby)
  if (sessions) useRobotStore.getState().setSessions(sessions)
  for (const s of sessions ?? []) if (s.state === 'live') void loadStatus(s.partId)
}

/** The first status of a live session, so the header has version and uptime before any change. */
async function loadStatus(partId: string): Promise<void> {
  try {
    const status = await getCoreApi().getRobotStatus({ partId })
    useRobotStore.getState().setStatus(partId, status)
  } catch {
    // The session dropped in between; its state event says so.
  }
}

/** Keeps the robot stores in step with the core's events. Returns the unsubscribe. */
export function startRobotSync(): () => void {
  const api = getCoreApi()
  let down = false
  const offs = [
    api.on('nearby', (nearby) => useRobotStore.getState().setNearby(nearby)),
    api.on('robotSession', (session) => {
      const before = useRobotStore.getState().sessions[session.partId]
      useRobotStore.getState().upsertSession(session)
      if (session.state === 'live' && before?.state !== 'live') void loadStatus(session.partId)
    }),
    api.on('robotStatus', ({ partId, status }) => useRobotStore.getState().setStatus(partId, status)),
    api.on('robotReadings', ({ partId, data }) => useReadingsStore.getState().record(partId, data)),
    // Events sent while the browser-mode socket was down are lost: list everything again.
    api.onCarrierState((state) => {
      if (state === 'disconnected') {
        down = true
        useRobotStore.getState().setCoreReachable(false)
      }
      if (state === 'open' && down) {
        down = false
        void loadRobots().then(() => useRobotStore.getState().setCoreReachable(true))
      }
    }),
  ]
  // Browser mode opened without its token is never connected: nothing robot-side is known.
  if (api.carrierState() === 'disconnected') useRobotStore.getState().setCoreReachable(false)
  void loadRobots()
  return () => {
    for (const off of offs) off()
  }
}
