import { randomUUID } from 'node:crypto'
import { CoreError } from '../shared/errors/CoreError'
import { zodIssuesToFieldErrors } from '../shared/config/zodIssuesToFieldErrors'
import { levelAtLeast } from '../shared/domain/logLevel'
import type { LogEntry, Role } from '../shared/domain/model'
import { componentMethodSpec } from '../shared/robot/componentMethods'
import type { MessageChannel } from '../shared/robot/MessageChannel'
import {
  isRobotMethod,
  NOTIFY_METHOD,
  ROBOT_METHODS,
  roleAllows,
  SAFETY_STOP_METHOD,
  TOPIC_ROLES,
  type NotifyParams,
  type RobotMethod,
  type RobotParsedParams,
  type RobotResults,
  type SafetyStopParams,
} from '../shared/robot/protocol'
import { RpcError } from '../shared/robot/rpcErrors'
import { RpcPeer } from '../shared/robot/RpcPeer'
import type { SessionHost } from './SessionHost'
import type { TimerHandle } from './runtime/Clock'
import { Watchdog, type ExpiryReason } from './Watchdog'

// One client's session: authentication state, the role it was granted, the methods it may call,
// its subscriptions, and the watchdog that stops what it moved when it goes silent or away.

type Handlers = {
  [M in RobotMethod]: (params: RobotParsedParams<M>) => RobotResults[M] | Promise<RobotResults[M]>
}

const MAX_FAILED_HELLOS = 3
const MAX_SUBSCRIPTIONS = 32
/**
 * A transport's connection (a WebRTC peer, a serial session) costs the agent memory and, for WebRTC,
 * sockets and threads: one that never authenticates is closed after this long, so a client that
 * completes a handshake and then says nothing cannot hold it. Far above a real hello (milliseconds).
 */
export const HELLO_DEADLINE_MS = 10_000

export class AgentSession {
  readonly id = randomUUID()
  private role: Role | undefined
  private who = 'unauthenticated'
  private nonce: string | undefined
  private failedHellos = 0
  private readonly moved = new Set<string>()
  private readonly subscriptions = new Map<string, () => void>()
  private nextSubscription = 1
  private readonly peer: RpcPeer
  private readonly watchdog: Watchdog
  private readonly helloDeadline: TimerHandle

  constructor(
    private readonly host: SessionHost,
    channel: MessageChannel,
  ) {
    this.peer = new RpcPeer(channel)
    this.watchdog = new Watchdog(host.clock, host.heartbeatTimeoutMs, (reason) => this.expired(reason))
    this.peer.setHandler((method, params) => this.handle(method, params))
    this.peer.onClose((reason) => this.closed(reason))
    this.helloDeadline = host.clock.setTimeout(() => {
      if (!this.role) this.close(`no session.hello within ${HELLO_DEADLINE_MS / 1000} s`)
    }, HELLO_DEADLINE_MS)
    host.log.debug('session opened', { session: this.id })
  }

  get isOpen(): boolean {
    return this.peer.isOpen
  }

  get sessionRole(): Role | undefined {
    return this.role
  }

  close(reason = 'closed by the agent'): void {
    this.peer.close(reason)
  }

  private async handle(method: string, raw: unknown): Promise<unknown> {
    if (!isRobotMethod(method)) {
      if (!this.role) throw this.unauthenticated()
      throw new RpcError('not-found', `no method "${method}"; see docs/robot-protocol.md`, -32601)
    }
    const spec = ROBOT_METHODS[method]
    if (spec.role !== null && !this.role) throw this.unauthenticated()
    const parsed = spec.params.safeParse(raw ?? {}, { reportInput: true })
    if (!parsed.success) {
      const fieldErrors = zodIssuesToFieldErrors(parsed.error.issues)
      const summary = fieldErrors.map((e) => `${e.path}: ${e.message}`).join('; ')
      throw new CoreError('invalid-argument', `invalid params for ${method}: ${summary}`, fieldErrors)
    }
    const needed =
      method === 'subscribe' ? TOPIC_ROLES[(parsed.data as RobotParsedParams<'subscribe'>).topic] : spec.role
    if (needed !== null && this.role && !roleAllows(this.role, needed)) {
      const what =
        method === 'subscribe'
          ? `subscribing to ${(parsed.data as RobotParsedParams<'subscribe'>).topic}`
          : method
      throw new CoreError(
        'permission-denied',
        `permission denied: ${what} needs the ${needed} role; this session is ${this.role} (${this.who})`,
      )
    }
    // Erased once: `parsed.data` is the output of ROBOT_METHODS[method].params, the handler's type.
    const handler = this.handlers[method] as (params: unknown) => unknown
    return handler(parsed.data)
  }

  private unauthenticated(): CoreError {
    return new CoreError('unauthenticated', 'not authenticated: call session.hello first')
  }

  private readonly handlers: Handlers = {
    'session.challenge': () => {
      this.nonce = this.host.newNonce()
      return { nonce: this.nonce, partId: this.host.partId, protocolVersion: this.host.protocolVersion }
    },
    'session.hello': async (params) => {
      if (this.role) throw new CoreError('failed-precondition', 'this session is already authenticated')
      const nonce = this.nonce
      this.nonce = undefined // single use, whatever the outcome
      try {
        const granted = await this.host.authenticate(params, nonce)
        this.role = granted.role
        this.who = granted.who
      } catch (err) {
        this.failedHellos++
        this.host.log.warn('session authentication failed', { session: this.id, error: err })
        if (this.failedHellos >= MAX_FAILED_HELLOS) setTimeout(() => this.close('too many failed hellos'), 0)
        throw err
      }
      this.host.clock.clearTimer(this.helloDeadline)
      this.watchdog.beat()
      this.host.log.info('session authenticated', {
        session: this.id,
        role: this.role,
        who: this.who,
        client: params.client,
      })
      return this.host.helloResult(
        this.id,
        this.role,
        params.auth.kind === 'secret-challenge' ? params.auth : undefined,
      )
    },
    'session.heartbeat': () => {
      this.watchdog.beat()
      return { time: new Date(this.host.clock.now()).toISOString() }
    },
    'machine.status': () => this.host.status(),
    'machine.stopAll': () => {
      const stopped = this.host.stopAll()
      this.host.log.info('stop all', { session: this.id, stopped })
      return { stopped }
    },
    'machine.restart': () => this.host.restart(this.who),
    'config.get': () => this.host.getConfig(),
    'config.apply': (params) =>
      this.host.applyConfig(params.config, params.baseRevision, this.who, params.revision),
    'component.call': async ({ name, method, args }) => {
      const resource = this.host.resource(name)
      if (componentMethodSpec(resource.type, method)?.motion) {
        if (!this.watchdog.isLive) {
          throw new CoreError(
            'failed-precondition',
            `no heartbeat for ${this.host.heartbeatTimeoutMs} ms: motion needs a live session (send session.heartbeat every 100-150 ms)`,
          )
        }
        this.moved.add(name)
      }
      return (await resource.call(method, args)) ?? {}
    },
    'logs.get': ({ limit, level }) => ({ entries: this.host.logs.entries({ limit, level }) }),
    subscribe: (params) => {
      if (this.subscriptions.size >= MAX_SUBSCRIPTIONS) {
        throw new CoreError('failed-precondition', `at most ${MAX_SUBSCRIPTIONS} subscriptions per session`)
      }
      const id = `sub-${this.nextSubscription++}`
      this.subscriptions.set(id, this.startSubscription(id, params))
      return { subscriptionId: id }
    },
    unsubscribe: ({ subscriptionId }) => {
      const stop = this.subscriptions.get(subscriptionId)
      if (!stop) throw new CoreError('not-found', `no subscription "${subscriptionId}" on this session`)
      stop()
      this.subscriptions.delete(subscriptionId)
      return {}
    },
  }

  private startSubscription(id: string, params: RobotParsedParams<'subscribe'>): () => void {
    const send = (data: NotifyParams): void => {
      this.peer.notify(NOTIFY_METHOD, data)
    }
    // Deliveries start after the current task, i.e. after the subscribe answer has been sent.
    if (params.topic === 'logs') {
      const { level, tail } = params
      let batch: LogEntry[] = tail > 0 ? this.host.logs.entries({ limit: tail, level }) : []
      const flush = (): void => {
        if (batch.length === 0) return
        const entries = batch
        batch = []
        send({ subscriptionId: id, topic: 'logs', data: entries })
      }
      queueMicrotask(flush)
      return this.host.logs.subscribe((entry) => {
        if (!levelAtLeast(entry.level, level)) return
        if (batch.length === 0) queueMicrotask(flush)
        batch.push(entry)
      })
    }
    if (params.topic === 'readings') {
      const read = (): void =>
        send({ subscriptionId: id, topic: 'readings', data: this.host.readings(params.names) })
      queueMicrotask(read)
      const timer = this.host.clock.setInterval(read, params.intervalMs)
      return () => this.host.clock.clearTimer(timer)
    }
    let scheduled = false
    const status = (): void => {
      scheduled = false
      send({ subscriptionId: id, topic: 'status', data: this.host.status() })
    }
    queueMicrotask(status)
    return this.host.onStatusChange(() => {
      if (scheduled) return
      scheduled = true
      queueMicrotask(status)
    })
  }

  private expired(reason: ExpiryReason): void {
    const stopped = this.host.stopResources([...this.moved])
    this.moved.clear()
    if (stopped.length > 0) {
      const why =
        reason === 'session-closed' ? 'session closed' : `no heartbeat for ${this.host.heartbeatTimeoutMs} ms`
      this.host.log.warn(`safety stop: ${why}`, { session: this.id, who: this.who, stopped })
    }
    const params: SafetyStopParams = { reason, stopped }
    if (reason === 'heartbeat-timeout') this.peer.notify(SAFETY_STOP_METHOD, params)
  }

  private closed(reason: string): void {
    this.host.clock.clearTimer(this.helloDeadline)
    this.watchdog.close()
    for (const stop of this.subscriptions.values()) stop()
    this.subscriptions.clear()
    this.host.sessionClosed(this.id)
    this.host.log.info('session closed', { session: this.id, who: this.who, reason })
  }
}
