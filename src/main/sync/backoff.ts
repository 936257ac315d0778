/**
 * The wait before retry number `attempt` (1 = the first retry): exponential from `baseMs`, capped
 * at `maxMs`, with "full jitter" (a uniform pick between half and the whole step), so desktops that
 * lost the hub together do not come back together. `random` is injectable for tests. Pure.
 */
export function backoffDelay(
  attempt: number,
  options: { baseMs?: number; maxMs?: number; random?: () => number } = {},
): number {
  const base = options.baseMs ?? 1000
  const max = options.maxMs ?? 60_000
  const random = options.random ?? Math.random
  const step = Math.min(max, base * 2 ** Math.max(0, Math.min(30, attempt - 1)))
  return Math.round(step / 2 + random() * (step / 2))
}
