// What every part of the agent logs through (models, the resource graph, sessions): a named,
// structured logger. AgentLog (src/agent/AgentLog.ts) implements it; the models get one passed in,
// so they depend on this interface and not on the agent that owns the log.

export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void
  info(message: string, fields?: Record<string, unknown>): void
  warn(message: string, fields?: Record<string, unknown>): void
  error(message: string, fields?: Record<string, unknown>): void
  child(name: string): Logger
}
