import { CoreError } from '../errors/CoreError'
import type { MachineConfig } from '../config/machineConfigSchema'
import { challengeProof, randomNonce, verifyProof } from './auth'
import type { ComponentArgsInput, ComponentMethod, ComponentType } from './componentMethods'
import type { ComponentResult } from './componentResults'
import type { MessageChannel } from './MessageChannel'
import {
  HEARTBEAT_INTERVAL_MS,
  NOTIFY_METHOD,
  PROTOCOL_VERSION,
  SAFETY_STOP_METHOD,
  type ApplyConfigResult,
  type HelloResult,
  type MachineStatus,
  type RobotMethod,
  type RobotParams,
  type RobotResults,
  type SafetyStopParams,
  type SubscribeParams,
  type TopicData,
} from './protocol'
import { RpcPeer, type RpcTimers } from './RpcPeer'

// The desktop's side of a robot session, typed, over any MessageChannel. Results are trusted as the
// agent's (the agent is the authority on its own state); errors arrive as CoreError with stable codes.

export type ClientAuth = { kind: 'secret'; partId: string; secret: string } | { kind: 'token'; token: string }

export interface RobotClientOptions {
  /** Between heartbeats once hello succeeds; the agent stops motion after 500 ms of silence. */
  heartbeatIntervalMs?: number
  timeoutMs?: number
  timers?: RpcTimers & { setInterval(fn: () => void, ms: number): unknown; clearInterval(h: unknown): void }
  /** Free text the agent logs with the session. */
  clientName?: string
}

export interface Subscription {
  readonly id: string
  unsubscribe(): Promise<void>
}

type Listener = (data: unknown) => void

// Notifications for a subscription can arrive just before the answer that names it; they are held
// briefly (bounded) rather than lost.
const EARLY_LIMIT = 100
const EARLY_SUBSCRIPTIONS = 16

export class RobotClient {
  private readonly peer: RpcPeer
  private readonly listeners = new Map<string, Listener>()
  private readonly early = new Map<string, unknown[]>()
  private readonly safetyListeners = new Set<(params: SafetyStopParams) => void>()
  private heartbeat: unknown
  private helloResult: HelloResult | undefined

  constructor(
    channel: MessageChannel,
    private readonly options: RobotClientOptions = {},
  ) {
    this.peer = new RpcPeer(channel, { timeoutMs: options.timeoutMs, timers: options.timers })
    this.peer.setHandler((method, params, { isNotification }) => {
      if (!isNotification) throw new CoreError('not-found', `the client serves no method "${method}"`)
      this.handleNotification(method, params)
    })
    this.peer.onClose(() => this.stopHeartbeat())
  }

  /** The agent's answer to hello, once authenticated. */
  get session(): HelloResult | undefined {
    return this.helloResult
  }

  get isOpen(): boolean {
    return this.peer.isOpen
  }

  onClose(listener: (reason: string) => void): () => void {
    return this.peer.onClose(listener)
  }

  /** Called when the agent stopped actuators because this session went silent. */
  onSafetyStop(listener: (params: SafetyStopParams) => void): () => void {
    this.safetyListeners.add(listener)
    return () => this.safetyListeners.delete(listener)
  }

  /** Authenticates the session and starts heartbeats. */
  async hello(auth: ClientAuth): Promise<HelloResult> {
    let result: HelloResult
    if (auth.kind === 'token') {
      result = await this.call('session.hello', this.helloParams({ kind: 'token', token: auth.token }))
    } else {
      const { nonce } = await this.call('session.challenge', {})
      const clientNonce = randomNonce()
      const proof = await challengeProof(auth.secret, nonce, clientNonce, auth.partId)
      result = await this.call(
        'session.hello',
        this.helloParams({ kind: 'secret-challenge', nonce, clientNonce, proof }),
      )
      const proven =
        result.agentProof !== undefined &&
        result.partId === auth.partId &&
        (await verifyProof({
          secret: auth.secret,
          first: clientNonce,
          second: nonce,
          partId: auth.partId,
          proof: result.agentProof,
        }))
      if (!proven) {
        this.close('agent failed to prove it knows the part secret')
        throw new CoreError(
          'unauthenticated',
          'the agent could not prove it holds this part’s secret: not the expected robot',
        )
      }
    }
    this.helloResult = result
    this.startHeartbeat()
    return result
  }

  status(): Promise<MachineStatus> {
    return this.call('machine.status', {})
  }

  stopAll(): Promise<{ stopped: string[] }> {
    return this.call('machine.stopAll', {})
  }

  getConfig(): Promise<{ revision: number; config: MachineConfig }> {
    return this.call('config.get', {})
  }

  /** `revision`: the fleet's number for this config, for the agent to report (see the protocol). */
  applyConfig(config: unknown, baseRevision: number, revision?: number): Promise<ApplyConfigResult> {
    return this.call('config.apply', {
      config,
      baseRevision,
      ...(revision === undefined ? {} : { revision }),
    })
  }

  restart(): Promise<ApplyConfigResult> {
    return this.call('machine.restart', {})
  }

  logs(params: RobotParams<'logs.get'> = {}): Promise<RobotResults['logs.get']> {
    return this.call('logs.get', params)
  }

  /**
   * Calls a component method. With type parameters (`callComponent<'motor', 'setPower'>`) the
   * arguments and result are typed; without them (a UI driven by data) they are plain JSON.
   */
  callComponent<T extends ComponentType, M extends ComponentMethod<T>>(
    name: string,
    method: M,
    args: ComponentArgsInput<T, M>,
  ): Promise<ComponentResult<T, M>>
  callComponent(name: string, method: string, args?: Record<string, unknown>): Promise<unknown>
  async callComponent(name: string, method: string, args: object = {}): Promise<unknown> {
    return this.call('component.call', { name, method, args: args as Record<string, unknown> })
  }

  async subscribe<P extends SubscribeParams>(
    params: P,
    listener: (data: TopicData[P['topic']]) => void,
  ): Promise<Subscription> {
    const { subscriptionId } = await this.call('subscribe', params)
    const typed = listener as Listener
    this.listeners.set(subscriptionId, typed)
    for (const data of this.early.get(subscriptionId) ?? []) typed(data)
    this.early.delete(subscriptionId)
    return {
      id: subscriptionId,
      unsubscribe: async () => {
        this.listeners.delete(subscriptionId)
        if (this.peer.isOpen) await this.call('unsubscribe', { subscriptionId })
      },
    }
  }

  /** Sends one heartbeat now (the timer does this every 120 ms after hello). */
  sendHeartbeat(): void {
    this.peer.notify('session.heartbeat', {})
  }

  /** Stops heartbeats without closing: the agent's watchdog will stop motion. For tests and drills. */
  stopHeartbeat(): void {
    if (this.heartbeat === undefined) return
    const clear =
      this.options.timers?.clearInterval ??
      ((h: unknown) => clearInterval(h as ReturnType<typeof setInterval>))
    clear(this.heartbeat)
    this.heartbeat = undefined
  }

  close(reason = 'client closed'): void {
    this.stopHeartbeat()
    this.peer.close(reason)
  }

  private startHeartbeat(): void {
    this.stopHeartbeat()
    const ms =
      this.options.heartbeatIntervalMs ?? this.helloResult?.heartbeatIntervalMs ?? HEARTBEAT_INTERVAL_MS
    const set = this.options.timers?.setInterval ?? ((fn: () => void, t: number) => setInterval(fn, t))
    this.heartbeat = set(() => this.sendHeartbeat(), ms)
    this.sendHeartbeat()
  }

  private helloParams(auth: RobotParams<'session.hello'>['auth']): RobotParams<'session.hello'> {
    const params: RobotParams<'session.hello'> = { protocolVersion: PROTOCOL_VERSION, auth }
    if (this.options.clientName !== undefined) params.client = this.options.clientName
    return params
  }

  private async call<M extends RobotMethod>(method: M, params: RobotParams<M>): Promise<RobotResults[M]> {
    // The agent's answers are trusted to match the protocol it advertises (see file comment).
    return (await this.peer.request(method, params)) as RobotResults[M]
  }

  private handleNotification(method: string, params: unknown): void {
    if (method === SAFETY_STOP_METHOD) {
      for (const listener of this.safetyListeners) listener(params as SafetyStopParams)
      return
    }
    if (method !== NOTIFY_METHOD || typeof params !== 'object' || params === null) return
    const { subscriptionId, data } = params as { subscriptionId?: unknown; data?: unknown }
    if (typeof subscriptionId !== 'string') return
    const listener = this.listeners.get(subscriptionId)
    if (listener) {
      listener(data)
      return
    }
    // Bounded in both directions: a late notification for a cancelled subscription must not leak.
    const queue = this.early.get(subscriptionId) ?? []
    if (queue.length === 0 && this.early.size >= EARLY_SUBSCRIPTIONS) return
    if (queue.length < EARLY_LIMIT) queue.push(data)
    this.early.set(subscriptionId, queue)
  }
}
