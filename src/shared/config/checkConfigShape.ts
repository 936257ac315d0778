import type { FieldError } from '../errors/CoreError'
import { formatJsonPath, type JsonPathSegment } from './formatJsonPath'

/**
 * How deep objects and arrays may nest in a machine config, the root object being level 1. The
 * deepest of the viam-server configs we test against nests 10 levels; drivers' `attributes` may add
 * some. Past this the config is refused, so that no recursive code after validation (the editor, the
 * merge, JSON.stringify) can be driven into a stack overflow by a config nested thousands deep.
 */
export const MAX_CONFIG_DEPTH = 64

/** More problems than this are not worth listing: the first ones show what to fix. */
const MAX_SHAPE_PROBLEMS = 100

export interface ShapeCheck {
  errors: FieldError[]
  /** Nesting past the limit: the caller must not walk the config recursively. */
  tooDeep: boolean
}

interface Frame {
  value: unknown
  depth: number
  parent: Frame | null
  key: JsonPathSegment
}

function pathOf(frame: Frame): string {
  const segments: JsonPathSegment[] = []
  for (let f: Frame | null = frame; f !== null && f.parent !== null; f = f.parent) segments.push(f.key)
  return formatJsonPath(segments.reverse())
}

/**
 * Problems with a config's shape that the schema cannot see: nesting deeper than MAX_CONFIG_DEPTH,
 * and `__proto__` keys (zod rightly never copies one, so such a key would vanish from the config
 * without a word; it has no use in a machine config, and refusing it keeps "unknown keys are never
 * dropped" true). The walk is iterative and stops at the depth limit, so any input, however deep or
 * large, is checked in time linear in its size and constant stack.
 */
export function checkConfigShape(input: unknown): ShapeCheck {
  const problems: FieldError[] = []
  let tooDeep = false
  const stack: Frame[] = [{ value: input, depth: 1, parent: null, key: '' }]
  while (stack.length > 0 && problems.length < MAX_SHAPE_PROBLEMS) {
    const frame = stack.pop() as Frame
    const { value } = frame
    if (frame.key === '__proto__') {
      problems.push({ path: pathOf(frame), message: '"__proto__" cannot be used as a key' })
      continue
    }
    if (typeof value !== 'object' || value === null) continue
    if (frame.depth > MAX_CONFIG_DEPTH) {
      // One report is enough: the first path shows where, and the others are usually the same
      // structure repeated.
      if (!tooDeep) {
        problems.push({
          path: pathOf(frame),
          message: `nested too deeply: objects and arrays may nest at most ${MAX_CONFIG_DEPTH} levels in a machine config`,
        })
        tooDeep = true
      }
      continue
    }
    const depth = frame.depth + 1
    // Pushed in reverse so that the walk, and so the order of the problems, follows the document.
    if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--)
        stack.push({ value: value[i] as unknown, depth, parent: frame, key: i })
      continue
    }
    const record = value as Record<string, unknown>
    const keys = Object.keys(record)
    for (let i = keys.length - 1; i >= 0; i--) {
      const key = keys[i] as string
      stack.push({ value: record[key], depth, parent: frame, key })
    }
  }
  return { errors: problems, tooDeep }
}
