import type { ResourceStatus } from '../../../../shared/robot/protocol'
import { useReading } from '../../state/useReadingsStore'

export interface PanelProps {
  partId: string
  name: string
  model: string | null
  /** What the robot's status says about this resource (absent until the first status arrives). */
  resource: ResourceStatus | undefined
  /** Controls work only on a live session. */
  live: boolean
  /** The tab is on screen: cameras stop fetching frames while it is not. */
  active: boolean
}

/** The resource's latest live reading, or why the robot could not read it. */
export function useResourceReading(
  partId: string,
  name: string,
): { reading: Record<string, unknown> | undefined; readingError: string | null } {
  const raw = useReading(partId, name)
  if (raw && typeof raw.error === 'string' && Object.keys(raw).length === 1)
    return { reading: undefined, readingError: raw.error }
  return { reading: raw, readingError: null }
}

export const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null)

/** A live number for display; an em dash until one arrives. */
export function fmt(v: unknown, digits = 2): string {
  const n = num(v)
  return n === null ? '—' : n.toFixed(digits)
}
