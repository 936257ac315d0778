/** One step into a JSON document: an object key or an array index. */
export type JsonPathSegment = string | number

// Keys that read well after a dot; anything else (hyphens, dots, `$set`) is quoted in brackets so the
// path stays unambiguous, e.g. `$.fragment_mods[0].mods[1]["$set"]["components.arm1.speed"]`.
const PLAIN_KEY = /^[A-Za-z_][A-Za-z0-9_]*$/

/**
 * Formats a path into a document the way technicians read it in error messages:
 * `$.components[2].attributes.pins` (root `$`).
 */
export function formatJsonPath(segments: readonly JsonPathSegment[]): string {
  let out = '$'
  for (const segment of segments) {
    if (typeof segment === 'number') out += `[${segment}]`
    else if (PLAIN_KEY.test(segment)) out += `.${segment}`
    else out += `[${JSON.stringify(segment)}]`
  }
  return out
}
