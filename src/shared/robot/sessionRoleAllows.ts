import type { Role } from '../domain/model'
import { ROBOT_METHODS, roleAllows, TOPIC_ROLES, type RobotMethod, type Topic } from './protocol'

/**
 * What a robot session may do, by the role the robot granted it: the agent's own rules
 * (ROBOT_METHODS, TOPIC_ROLES), so a desktop that hides or explains a refusal decides exactly as
 * the robot will. A session with no role yet (not authenticated) may only say hello.
 */
export function sessionRoleAllows(
  role: Role | null | undefined,
  what: { method: RobotMethod } | { topic: Topic },
): boolean {
  const needed = 'topic' in what ? TOPIC_ROLES[what.topic] : ROBOT_METHODS[what.method].role
  if (needed === null) return true
  return role !== null && role !== undefined && roleAllows(role, needed)
}
