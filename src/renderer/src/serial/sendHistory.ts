/** The lines sent from a console, newest last, without repeats in a row; at most `max`. */
export function remember(history: readonly string[], line: string, max = 100): string[] {
  if (line === '' || history[history.length - 1] === line) return [...history]
  const next = [...history, line]
  return next.length > max ? next.slice(next.length - max) : next
}

export interface HistoryCursor {
  /** Where in the history the input is: `history.length` means the line being typed. */
  index: number
  /** What was typed before walking into the history, given back when walking out. */
  draft: string
}

/**
 * Up and Down through the sent lines, as a shell does: Up from the line being typed keeps it as a
 * draft, Down past the newest gives it back. Returns the new cursor and the text to show.
 */
export function stepHistory(
  history: readonly string[],
  cursor: HistoryCursor,
  current: string,
  direction: 'up' | 'down',
): { cursor: HistoryCursor; text: string } {
  const draft = cursor.index === history.length ? current : cursor.draft
  const index =
    direction === 'up' ? Math.max(0, cursor.index - 1) : Math.min(history.length, cursor.index + 1)
  const text = index === history.length ? draft : (history[index] ?? '')
  return { cursor: { index, draft }, text }
}
