import type { LogEntry } from '../../shared/domain/model'
import type { ApplyConfigResult, MachineStatus } from '../../shared/robot/protocol'
import type { Logger } from '../runtime/Logger'

// What the hub link needs of the agent and of its log, and no more: src/agent's Agent and AgentLog
// fit these shapes, so this folder never imports its parent (no folder circle).

export interface LinkedAgent {
  readonly configRevision: number
  applyConfig(
    config: unknown,
    baseRevision: number,
    author: string,
    revision?: number,
  ): Promise<ApplyConfigResult>
  status(): MachineStatus
  onStatusChange(listener: () => void): () => void
}

export interface LinkedLog {
  logger(name: string): Logger
  subscribe(listener: (entry: LogEntry) => void): () => void
}
