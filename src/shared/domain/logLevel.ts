import { z } from 'zod'

// The levels of Fleetdesk's own log entries (the agent's log, the robot protocol's `logs` methods,
// the desktop's log cache and views), least severe first. A machine config's per-resource
// `log_configuration.level` is not this: it speaks viam-server's vocabulary (also `warning`, any
// case) and keeps its own list in src/shared/config/resourceConfigSchema.ts.

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const

export const LogLevelSchema = z.enum(LOG_LEVELS)

export type LogLevel = (typeof LOG_LEVELS)[number]

/** Whether an entry at `level` passes a minimum of `min` (the order of LOG_LEVELS). */
export function levelAtLeast(level: LogLevel, min: LogLevel): boolean {
  return LOG_LEVELS.indexOf(level) >= LOG_LEVELS.indexOf(min)
}
