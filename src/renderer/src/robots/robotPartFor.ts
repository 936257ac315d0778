import type { NearbyRobot, RobotSessionView } from '../../../shared/api/robotViews'
import type { MachineSummary } from '../../../shared/api/views'
import { isSessionOpen } from './sessionText'

/**
 * Which of a machine's parts the machine page talks to: one with an open session first, then one
 * discovered on the LAN, then the main part (each part runs its own agent; most machines have one).
 */
export function robotPartFor(
  machine: Pick<MachineSummary, 'parts'>,
  sessions: Readonly<Record<string, RobotSessionView>>,
  nearby: readonly NearbyRobot[],
): string | null {
  const parts = [...machine.parts].sort((a, b) => Number(b.isMain) - Number(a.isMain))
  const withSession = parts.find((p) => isSessionOpen(sessions[p.id]))
  if (withSession) return withSession.id
  const seen = parts.find((p) => nearby.some((n) => n.partId === p.id))
  return (seen ?? parts[0])?.id ?? null
}
