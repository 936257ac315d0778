import type { MachineId } from '../../shared/ids'
import type { Role } from '../../shared/domain/model'
import { CoreError } from '../../shared/errors/CoreError'
import type { RobotSessionState, RobotSessionView } from '../../shared/api/robotViews'
import { RobotClient, type ClientAuth } from '../../shared/robot/RobotClient'
import type { RobotConnector } from './connectors/RobotConnector'
import { describeTarget, type RobotTarget } from './connectors/RobotTarget'
import { errorMessage } from '../../shared/errors/errorMessage'

export interface RobotSessionOptions {
  partId: string
  machineId: MachineId | null
  machineName: string
  auth: ClientAuth
  /** Where the robot is now: discovery may have seen it move (a restart on a new port). */
  resolveTarget: () => RobotTarget | null
  /** Opens the channel to a target, whatever its kind (see RobotConnector). */
  connector: RobotConnector
  onChange: (view: RobotSessionView) => void
  /** Called after each successful (re)connection, so watches can be re-subscribed. */
  onLive: (client: RobotClient) => void
  connectTimeoutMs?: number
  /** How often the link is probed, and how long an answer may take before the robot is unreachable. */
  probeIntervalMs?: number
  probeTimeoutMs?: number
}

/** Backoff between reconnect attempts: quick at first (a robot restarting), then every 5 s. */
export const RECONNECT_DELAYS_MS = [200, 500, 1000, 2000, 5000] as const

/**
 * One robot session as the UI sees it: gets a channel from the connector (WebRTC, in memory, ...;
 * it never knows which), authenticates, probes the link, and after a drop reconnects with backoff
 * until it is closed on purpose. A refused authentication is final (retrying a wrong secret would
 * only fill the robot's log).
 */
export class RobotSession {
  private client: RobotClient | null = null
  private state: RobotSessionState = 'connecting'
  private role: Role | null = null
  private error: string | null = null
  private since = new Date().toISOString()
  private attempts = 0
  private target: RobotTarget | null = null
  private closed = false
  private retryTimer: NodeJS.Timeout | undefined
  private probeTimer: NodeJS.Timeout | undefined

  constructor(private readonly options: RobotSessionOptions) {}

  get partId(): string {
    return this.options.partId
  }

  get view(): RobotSessionView {
    const where = this.target ? describeTarget(this.target) : null
    return {
      partId: this.options.partId,
      machineId: this.options.machineId,
      machineName: this.options.machineName,
      via: where?.via ?? null,
      address: where?.address ?? '',
      state: this.state,
      role: this.role,
      error: this.error,
      since: this.since,
      attempts: this.attempts,
    }
  }

  /** The live client; throws `unavailable` with the reason when there is none. */
  liveClient(): RobotClient {
    if (this.state !== 'live' || !this.client) {
      throw new CoreError(
        'unavailable',
        `${this.options.machineName} is not connected${this.error ? `: ${this.error}` : ''}.`,
      )
    }
    return this.client
  }

  /** The first connection: resolves when live, rejects (and closes) when it fails. */
  async open(): Promise<void> {
    try {
      await this.attempt()
    } catch (err) {
      this.shutdown(errorMessage(err))
      throw err instanceof CoreError
        ? err
        : new CoreError(
            'unavailable',
            `Could not connect to ${this.options.machineName}: ${errorMessage(err)}`,
          )
    }
  }

  close(): void {
    this.shutdown(null)
  }

  private shutdown(error: string | null): void {
    if (this.closed) return
    this.closed = true
    clearTimeout(this.retryTimer)
    clearInterval(this.probeTimer)
    this.client?.close('disconnected by the user')
    this.client = null
    this.set('closed', error)
  }

  private set(state: RobotSessionState, error: string | null): void {
    if (state !== this.state) this.since = new Date().toISOString()
    this.state = state
    this.error = error
    this.options.onChange(this.view)
  }

  private async attempt(): Promise<void> {
    const target = this.options.resolveTarget() ?? this.target
    if (!target)
      throw new CoreError(
        'not-found',
        `${this.options.machineName} is not on the network (not discovered, no address given).`,
      )
    this.target = target
    const setupMs = this.options.connectTimeoutMs ?? 8000
    const channel = await this.options.connector.connect(target, {
      timeoutMs: setupMs,
      reached: (where) => {
        this.target = where
      },
    })
    if (this.closed) {
      channel.close('closed while connecting')
      return
    }
    const client = new RobotClient(channel, { clientName: 'Fleetdesk desktop', timeoutMs: 10_000 })
    try {
      // The handshake gets the same bound once the channel is open: a device that never answers (a
      // port with no agent on it, the wrong baud rate) fails saying so, not after the client's
      // per-call timeout with an error about one RPC method.
      const hello = await withDeadline(
        client.hello(this.options.auth),
        setupMs,
        () =>
          new CoreError(
            'unavailable',
            `${this.options.machineName} did not answer the session handshake within ${setupMs} ms (${describeTarget(target).address}): check that a Fleetdesk agent runs there${target.kind === 'serial' ? ' and the baud rate matches' : ''}.`,
          ),
      )
      this.role = hello.role
    } catch (err) {
      client.close('authentication failed')
      if (err instanceof CoreError) throw err
      throw new CoreError('unauthenticated', errorMessage(err))
    }
    if (this.closed) {
      client.close('closed while connecting')
      return
    }
    this.client = client
    this.attempts = 0
    client.onClose((reason) => this.lost(client, reason))
    this.startProbe(client)
    this.set('live', null)
    this.options.onLive(client)
  }

  /**
   * A robot whose process died says nothing: the data channel only notices much later. So the link
   * is probed, and a robot that has not answered within the timeout is treated as gone.
   */
  private startProbe(client: RobotClient): void {
    clearInterval(this.probeTimer)
    const interval = this.options.probeIntervalMs ?? 400
    const timeout = this.options.probeTimeoutMs ?? 900
    let inFlight = false
    this.probeTimer = setInterval(() => {
      if (inFlight) return
      inFlight = true
      let timer: NodeJS.Timeout | undefined
      const deadline = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer for ${timeout} ms`)), timeout)
      })
      Promise.race([client.status(), deadline])
        .catch((err: unknown) => {
          if (this.client === client) client.close(`the robot stopped answering (${errorMessage(err)})`)
        })
        .finally(() => {
          clearTimeout(timer)
          inFlight = false
        })
    }, interval)
  }

  private lost(client: RobotClient, reason: string): void {
    if (this.client !== client || this.closed) return
    clearInterval(this.probeTimer)
    this.client = null
    this.set('unreachable', reason)
    this.scheduleRetry()
  }

  private scheduleRetry(): void {
    if (this.closed) return
    const delay = RECONNECT_DELAYS_MS[Math.min(this.attempts, RECONNECT_DELAYS_MS.length - 1)] as number
    this.retryTimer = setTimeout(() => {
      this.attempts++
      this.set('reconnecting', this.error)
      this.attempt().catch((err: unknown) => {
        if (this.closed) return
        if (err instanceof CoreError && err.code === 'unauthenticated') {
          this.shutdown(`the robot refused the credentials on reconnect: ${err.message}`)
          return
        }
        this.set('unreachable', errorMessage(err))
        this.scheduleRetry()
      })
    }, delay)
  }
}

/** The promise, or `timeout()`'s error once `ms` have passed without it settling. */
function withDeadline<T>(promise: Promise<T>, ms: number, timeout: () => Error): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(timeout()), Math.max(0, ms))
  })
  return Promise.race([promise, late]).finally(() => clearTimeout(timer))
}
