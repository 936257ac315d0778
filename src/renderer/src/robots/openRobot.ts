import type { MachineId } from '../../../shared/ids'
import { guardedNavigate } from '../configure/useLeaveGuard'
import { useTreeStore } from '../state/useTreeStore'
import { nodeKey } from '../state/buildFleetIndex'

/** The main area's key for a robot that is not (or not visibly) a machine of the cached fleet. */
export const ROBOT_KEY_PREFIX = 'robot:'
export const robotKey = (partId: string): string => `${ROBOT_KEY_PREFIX}${partId}`

/** Opens a robot's page: its machine page when the fleet knows it, else the page for a stranger. */
export function openRobot(robot: { partId: string; machineId: MachineId | null }): void {
  const key = robot.machineId ? nodeKey('machine', robot.machineId) : robotKey(robot.partId)
  if (useTreeStore.getState().selectedKey === key) return
  guardedNavigate(() => useTreeStore.getState().select(key, robot.machineId ? robot.partId : null))
}
