/**
 * A deep copy of a JSON value, so that applying mods never changes a caller's config. Configs are JSON
 * by construction (they arrive as JSON text), so a JSON round trip is exact for them.
 */
export function cloneJson<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T
}
