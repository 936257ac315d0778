import type { MachineConfig } from '../../shared/config/machineConfigSchema'
import { configToShow } from '../cache/configToShow'
import type { CachedPartConfig } from '../cache/types'

export type ApplyToRobotDecision =
  /** Neither a cached revision nor a local edit: nothing to send. */
  | { kind: 'nothing-to-apply' }
  /** The robot runs a revision newer than the one the config was based on: applying would lose it. */
  | { kind: 'conflict'; robotRevision: number; baseRevision: number }
  /** Send `config`, based on the robot's own revision (which the robot checks again). */
  | { kind: 'apply'; config: MachineConfig; robotRevision: number }

/**
 * Whether the config this desktop has for a part may be applied to its robot, which runs
 * `robotRevision`. The config is the local edit if one waits in the outbox, else the cached
 * revision; it was based on the edit's base revision, or on the cached one. A robot at or behind
 * that base gets it; a robot ahead of it has changes this config never saw.
 */
export function decideApplyToRobot(
  cached: Pick<CachedPartConfig, 'revision' | 'config' | 'pending'>,
  robotRevision: number,
): ApplyToRobotDecision {
  const config = configToShow(cached)
  if (!config) return { kind: 'nothing-to-apply' }
  const baseRevision = cached.pending?.baseRevision ?? cached.revision
  if (robotRevision > baseRevision) return { kind: 'conflict', robotRevision, baseRevision }
  return { kind: 'apply', config, robotRevision }
}
