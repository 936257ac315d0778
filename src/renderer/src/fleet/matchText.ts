/** A text cut around the first case-insensitive occurrence of the query, for highlighting it. */
export interface MatchParts {
  before: string
  match: string
  after: string
}

export function splitMatch(text: string, query: string): MatchParts | null {
  const q = query.trim().toLowerCase()
  if (!q) return null
  const at = text.toLowerCase().indexOf(q)
  if (at < 0) return null
  return { before: text.slice(0, at), match: text.slice(at, at + q.length), after: text.slice(at + q.length) }
}

/**
 * The part of a long id around a match, so a row can show what matched without the whole id:
 * `context` characters either side, with an ellipsis where something was left out.
 */
export function matchWindow(text: string, query: string, context = 4): MatchParts | null {
  const parts = splitMatch(text, query)
  if (!parts) return null
  const before = parts.before.length > context ? `…${parts.before.slice(-context)}` : parts.before
  const after = parts.after.length > context ? `${parts.after.slice(0, context)}…` : parts.after
  return { before, match: parts.match, after }
}
