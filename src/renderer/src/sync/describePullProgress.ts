import type { SyncProgress } from '../../../shared/api/syncViews'

/** What the pull progress bar shows: a sentence and how far (null: not known yet, so indeterminate). */
export interface PullProgressView {
  label: string
  detail: string
  /** 0..100 from the feed cursor against the hub's newest; null until the hub has said its newest. */
  percent: number | null
}

/**
 * A pull under way in words, or null when there is nothing to show (no pull, or the pull is done:
 * the bar goes away). The fraction is the cursor's, not the row count's: rows the desktop may not
 * see are skipped by the feed but still move the cursor, so rows applied would under-count.
 */
export function describePullProgress(progress: SyncProgress | null): PullProgressView | null {
  if (!progress || progress.done) return null
  const { rowsApplied, cursor, target } = progress
  const known = target !== null && target > 0
  const percent = known ? Math.min(100, Math.max(0, Math.floor((cursor / target) * 100))) : null
  const rows = `${rowsApplied.toLocaleString('en-US')} change${rowsApplied === 1 ? '' : 's'} applied`
  return {
    label: progress.phase === 'full' ? 'Copying the fleet from the hub' : 'Catching up with the hub',
    detail: known ? `${rows}, ${percent}%` : rows,
    percent,
  }
}
