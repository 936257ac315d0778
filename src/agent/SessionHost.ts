import type { Role } from '../shared/domain/model'
import type {
  ApplyConfigResult,
  HelloResult,
  MachineStatus,
  ReadingsData,
  RobotParsedParams,
  RobotResults,
} from '../shared/robot/protocol'
import type { AgentLog } from './AgentLog'
import type { Logger } from './runtime/Logger'
import type { Clock } from './runtime/Clock'
import type { Resource } from './models/Resource'

type Hello = RobotParsedParams<'session.hello'>
type SecretAuth = Extract<Hello['auth'], { kind: 'secret-challenge' }>

/**
 * What a session needs from the agent. The agent implements it; sessions never see the part
 * secret or the hub key, only the answers to "is this proof right" and "is this token good".
 */
export interface SessionHost {
  readonly partId: string
  readonly protocolVersion: number
  readonly heartbeatTimeoutMs: number
  readonly clock: Clock
  /** Where the session writes its own log lines. */
  readonly log: Logger
  /** The agent's log store, for logs.get and the logs subscription. */
  readonly logs: AgentLog
  newNonce(): string
  /** Checks the hello's credentials; throws `unauthenticated` with the reason. */
  authenticate(hello: Hello, issuedNonce: string | undefined): Promise<{ role: Role; who: string }>
  helloResult(sessionId: string, role: Role, secretAuth: SecretAuth | undefined): Promise<HelloResult>
  status(): MachineStatus
  getConfig(): RobotResults['config.get']
  applyConfig(
    config: unknown,
    baseRevision: number,
    author: string,
    revision?: number,
  ): Promise<ApplyConfigResult>
  restart(author: string): Promise<ApplyConfigResult>
  /** A ready resource, or a not-found / unavailable error. */
  resource(name: string): Resource
  readings(names: string[]): ReadingsData
  /** Stops every actuator; returns their names. */
  stopAll(): string[]
  /** Stops the named actuators that are running now; returns the ones stopped. */
  stopResources(names: string[]): string[]
  onStatusChange(listener: () => void): () => void
  /** The session with this id ended (by id, so the host's type does not depend on the session's). */
  sessionClosed(sessionId: string): void
}
