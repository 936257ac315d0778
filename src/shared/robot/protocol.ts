import { z } from 'zod'
import type { FieldError } from '../errors/CoreError'
import type { MachineConfig } from '../config/machineConfigSchema'
import { LogLevelSchema, type LogLevel } from '../domain/logLevel'
import type { LogEntry, Role } from '../domain/model'

// The robot protocol: JSON-RPC 2.0 methods between a client (the desktop) and an agent, over any
// ordered message channel. Each method has a params schema (checked by the agent before anything
// else), a result type, and the least role that may call it. docs/robot-protocol.md describes it
// for people writing another agent or client; keep the two in step.

export const PROTOCOL_VERSION = 1
/** How often a client sends `session.heartbeat` (ms); anything in 100..150 is fine. */
export const HEARTBEAT_INTERVAL_MS = 120
/**
 * Silence after which the agent stops what the session moved. The promise is "stopped within 500 ms
 * of the desktop going away"; the stop comes this long after the last heartbeat, which may have
 * arrived just before the desktop died, so the timeout leaves 50 ms for a late timer on a busy robot.
 */
export const HEARTBEAT_TIMEOUT_MS = 450
/** Challenge nonces are 32 random bytes, base64url without padding (43 characters). */
export const NONCE_BYTES = 32

const base64url = z.string().regex(/^[A-Za-z0-9_-]+$/, { message: 'expected base64url' })
const nonce = base64url.length(43)
const noParams = z.object({}).strict()

export const SecretChallengeAuthSchema = z
  .object({
    kind: z.literal('secret-challenge'),
    /** The nonce `session.challenge` returned on this session. */
    nonce,
    /** 32 random bytes chosen by the client, so the agent's answering proof is fresh too. */
    clientNonce: nonce,
    /** base64url(HMAC-SHA256(secret, nonce || clientNonce || partId)), see auth.ts. */
    proof: base64url.max(64),
  })
  .strict()
export const TokenAuthSchema = z
  .object({ kind: z.literal('token'), token: z.string().min(1).max(8192) })
  .strict()

export const HelloParamsSchema = z
  .object({
    protocolVersion: z.number().int().min(1),
    auth: z.discriminatedUnion('kind', [SecretChallengeAuthSchema, TokenAuthSchema]),
    /** Free text for the agent's log (e.g. "Fleetdesk 0.1.0 on bench-pc"). */
    client: z.string().max(200).optional(),
  })
  .strict()

export const ApplyConfigParamsSchema = z
  .object({
    /** Validated by the agent, which reports every problem with its JSON path. */
    config: z.unknown(),
    /** The revision this config was edited from; a different current revision is a conflict. */
    baseRevision: z.number().int().min(0),
    /**
     * The fleet's number for this config (the hub's revision), when it is one: the agent then reports
     * it as the revision it runs. Without it the agent numbers the config itself (its revision + 1).
     */
    revision: z.number().int().min(0).optional(),
  })
  .strict()

export const ComponentCallParamsSchema = z
  .object({
    name: z.string().min(1).max(200),
    method: z.string().min(1).max(100),
    args: z.record(z.string(), z.unknown()).default({}),
  })
  .strict()

export const LogsGetParamsSchema = z
  .object({
    limit: z.number().int().min(1).max(10_000).default(500),
    level: LogLevelSchema.default('debug'),
  })
  .strict()

export const SubscribeParamsSchema = z.discriminatedUnion('topic', [
  z
    .object({
      topic: z.literal('logs'),
      level: LogLevelSchema.default('debug'),
      /** Entries from before the subscription to send first (0 for live entries only). */
      tail: z.number().int().min(0).max(1000).default(0),
    })
    .strict(),
  z
    .object({
      topic: z.literal('readings'),
      names: z.array(z.string().min(1).max(200)).min(1).max(100),
      intervalMs: z.number().int().min(50).max(60_000).default(1000),
    })
    .strict(),
  z.object({ topic: z.literal('status') }).strict(),
])

export const UnsubscribeParamsSchema = z.object({ subscriptionId: z.string().min(1).max(100) }).strict()

/** Every method: its params schema and the least role allowed (null: callable before hello). */
export const ROBOT_METHODS = {
  'session.challenge': { params: noParams, role: null },
  'session.hello': { params: HelloParamsSchema, role: null },
  'session.heartbeat': { params: noParams, role: 'operator' },
  'machine.status': { params: noParams, role: 'operator' },
  'machine.stopAll': { params: noParams, role: 'operator' },
  'machine.restart': { params: noParams, role: 'owner' },
  'config.get': { params: noParams, role: 'owner' },
  'config.apply': { params: ApplyConfigParamsSchema, role: 'owner' },
  'component.call': { params: ComponentCallParamsSchema, role: 'operator' },
  'logs.get': { params: LogsGetParamsSchema, role: 'owner' },
  subscribe: { params: SubscribeParamsSchema, role: 'operator' },
  unsubscribe: { params: UnsubscribeParamsSchema, role: 'operator' },
} as const satisfies Record<string, { params: z.ZodType; role: Role | null }>

export type RobotMethod = keyof typeof ROBOT_METHODS
export type RobotParams<M extends RobotMethod> = z.input<(typeof ROBOT_METHODS)[M]['params']>
export type RobotParsedParams<M extends RobotMethod> = z.output<(typeof ROBOT_METHODS)[M]['params']>
export type SubscribeParams = z.input<typeof SubscribeParamsSchema>
export type Topic = SubscribeParams['topic']

export function isRobotMethod(method: string): method is RobotMethod {
  return Object.hasOwn(ROBOT_METHODS, method)
}

/** Topics whose role differs from `subscribe`'s own: logs are for owners. */
export const TOPIC_ROLES: Readonly<Record<Topic, Role>> = {
  logs: 'owner',
  readings: 'operator',
  status: 'operator',
}

const RANK: Readonly<Record<Role, number>> = { operator: 1, owner: 2 }
export function roleAllows(held: Role, needed: Role): boolean {
  return RANK[held] >= RANK[needed]
}

export type ResourceState = 'ready' | 'configuring' | 'unhealthy' | 'removed'

export interface ResourceStatus {
  name: string
  /** Normalized `namespace:kind:subtype`. */
  api: string
  model: string | null
  state: ResourceState
  /** Why the resource is unhealthy. */
  error?: string
}

export interface MachineStatus {
  partId: string
  machineName: string
  /** The agent's version. */
  version: string
  protocolVersion: number
  uptimeMs: number
  configRevision: number
  resources: ResourceStatus[]
}

export interface HelloResult {
  role: Role
  partId: string
  machineName: string
  agentVersion: string
  protocolVersion: number
  sessionId: string
  heartbeatIntervalMs: number
  heartbeatTimeoutMs: number
  /** For secret-challenge: the agent's proof that it knows the secret too (see auth.ts). */
  agentProof?: string
}

export interface ApplyConfigResult {
  revision: number
  /** Resources built or rebuilt by this apply, in build order. */
  rebuilt: string[]
  removed: string[]
  resources: ResourceStatus[]
}

export interface RobotResults {
  'session.challenge': { nonce: string; partId: string; protocolVersion: number }
  'session.hello': HelloResult
  'session.heartbeat': { time: string }
  'machine.status': MachineStatus
  'machine.stopAll': { stopped: string[] }
  'machine.restart': ApplyConfigResult
  'config.get': { revision: number; config: MachineConfig }
  'config.apply': ApplyConfigResult
  'component.call': unknown
  'logs.get': { entries: LogEntry[] }
  subscribe: { subscriptionId: string }
  unsubscribe: Record<string, never>
}

/** Notification methods the agent sends. */
export const NOTIFY_METHOD = 'notify'
export const SAFETY_STOP_METHOD = 'session.safetyStop'

export interface ReadingsData {
  time: string
  /** By resource name: its readings, or `{error}` when it could not be read. */
  readings: Record<string, Record<string, unknown>>
}

export interface TopicData {
  logs: LogEntry[]
  readings: ReadingsData
  status: MachineStatus
}

export type NotifyParams = {
  [T in Topic]: { subscriptionId: string; topic: T; data: TopicData[T] }
}[Topic]

export interface SafetyStopParams {
  reason: 'heartbeat-timeout' | 'session-closed'
  /** Resources stopped because of this session. */
  stopped: string[]
}

export type { FieldError, LogLevel }
