import { create } from 'zustand'
import type { NearbyRobot, RobotSessionView, RobotStatus } from '../../../shared/api/robotViews'

export interface LiveStatus {
  /** The robot's last status; shown as live only while its session is. */
  status: RobotStatus
  /** When it arrived (ms, this computer's clock): uptime is counted on from here. */
  receivedAt: number
}

/** Robots as the core reports them: seen on the LAN, sessions, and the live status of each. */
export interface RobotState {
  nearby: NearbyRobot[]
  /** By part id. A closed session stays (with its error) until another one replaces it. */
  sessions: Readonly<Record<string, RobotSessionView>>
  status: Readonly<Record<string, LiveStatus>>
  /**
   * False while the page has lost the core (browser mode): sessions and the LAN are then unknown,
   * whatever was last heard, and STOP ALL cannot be sent from here.
   */
  coreReachable: boolean
  setCoreReachable(reachable: boolean): void
  setNearby(nearby: NearbyRobot[]): void
  setSessions(sessions: RobotSessionView[]): void
  upsertSession(session: RobotSessionView): void
  setStatus(partId: string, status: RobotStatus): void
}

export const useRobotStore = create<RobotState>()((set) => ({
  nearby: [],
  sessions: {},
  status: {},
  coreReachable: true,
  setCoreReachable: (coreReachable) => set({ coreReachable }),
  setNearby: (nearby) => set({ nearby }),
  setSessions: (list) =>
    set((s) => {
      // Closed sessions are not listed by the core; keep the ones we know so their errors stay visible.
      const sessions: Record<string, RobotSessionView> = {}
      for (const [id, v] of Object.entries(s.sessions)) if (v.state === 'closed') sessions[id] = v
      for (const v of list) sessions[v.partId] = v
      return { sessions }
    }),
  // The last status is kept through a drop: the panels stay where they were (disabled) while the
  // session comes back, and a fresh status replaces it when it is live again (robotSync).
  upsertSession: (session) => set((s) => ({ sessions: { ...s.sessions, [session.partId]: session } })),
  setStatus: (partId, status) =>
    set((s) => ({ status: { ...s.status, [partId]: { status, receivedAt: Date.now() } } })),
}))

/** The session for a part, if any (closed ones included, for their error). */
export function useSession(partId: string | null): RobotSessionView | null {
  return useRobotStore((s) => (partId ? (s.sessions[partId] ?? null) : null))
}
