import { CoreError } from '../../shared/errors/CoreError'
import type { RobotSessionView, StopAllResult } from '../../shared/api/robotViews'
import type { MachineId } from '../../shared/ids'
import type { ClientAuth, RobotClient } from '../../shared/robot/RobotClient'
import type { RobotConnector } from './connectors/RobotConnector'
import type { RobotTarget } from './connectors/RobotTarget'
import { RobotSession } from './RobotSession'
import { errorMessage } from '../../shared/errors/errorMessage'

export interface RobotSessionsOptions {
  connector: RobotConnector
  /** Every change of a session's view (for the UI). */
  onChange: (view: RobotSessionView) => void
  /** A session was opened or has ended: which robots are connected changed. */
  onOpenOrEnd: () => void
  /** A session is live (again): watches subscribe on the new client. */
  onLive: (partId: string, client: RobotClient) => void
}

export interface OpenSessionInput {
  partId: string
  machineId: MachineId | null
  machineName: string
  auth: ClientAuth
  resolveTarget: () => RobotTarget | null
  /** The whole setup (channel and handshake); RobotSession's default when left out. */
  connectTimeoutMs?: number
}

/** The open robot sessions, one per part, from the first connect until closed or failed for good. */
export class RobotSessions {
  private readonly sessions = new Map<string, RobotSession>()

  constructor(private readonly options: RobotSessionsOptions) {}

  has(partId: string): boolean {
    return this.sessions.has(partId)
  }

  get(partId: string): RobotSession | undefined {
    return this.sessions.get(partId)
  }

  views(): RobotSessionView[] {
    return [...this.sessions.values()].map((s) => s.view)
  }

  /** The session's live client; `unavailable` (saying to connect first) when there is no session. */
  liveClient(partId: string, machineName: string): RobotClient {
    const session = this.sessions.get(partId)
    if (!session) throw new CoreError('unavailable', `No session to ${machineName}: connect first.`)
    return session.liveClient()
  }

  /** An open session is returned as it is; otherwise resolves once live, or rejects and leaves none. */
  async open(input: OpenSessionInput): Promise<RobotSessionView> {
    const existing = this.sessions.get(input.partId)
    if (existing) {
      if (existing.view.state !== 'closed') return existing.view
      this.sessions.delete(input.partId)
    }
    const session: RobotSession = new RobotSession({
      ...input,
      connector: this.options.connector,
      onChange: (view) => {
        this.options.onChange(view)
        if (view.state === 'closed' && this.sessions.get(input.partId) === session) {
          this.sessions.delete(input.partId)
          this.options.onOpenOrEnd()
        }
      },
      onLive: (client) => this.options.onLive(input.partId, client),
    })
    this.sessions.set(input.partId, session)
    this.options.onOpenOrEnd()
    await session.open()
    return session.view
  }

  /** Closes the part's session on purpose; its view (closed), or null when there was none. */
  close(partId: string): RobotSessionView | null {
    const session = this.sessions.get(partId)
    if (!session) return null
    session.close()
    return session.view
  }

  closeAll(): void {
    for (const session of this.sessions.values()) session.close()
    this.sessions.clear()
  }

  /** Stop all on every live session at once; each robot reached or not, with why. */
  async stopAll(): Promise<StopAllResult> {
    const result: StopAllResult = { reached: [], failed: [] }
    await Promise.all(
      [...this.sessions.values()].map(async (session) => {
        const { partId, machineName } = session.view
        try {
          const { stopped } = await session.liveClient().stopAll()
          result.reached.push({ partId, machineName, stopped })
        } catch (err) {
          result.failed.push({ partId, machineName, error: errorMessage(err) })
        }
      }),
    )
    return result
  }
}
