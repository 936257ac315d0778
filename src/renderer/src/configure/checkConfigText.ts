import type { FieldError } from '../../../shared/errors/CoreError'
import { validateMachineConfig } from '../../../shared/config/machineConfigSchema'
import { errorMessage } from '../../../shared/errors/errorMessage'

export type ConfigCheck =
  | { kind: 'valid'; config: unknown }
  | { kind: 'parse-error'; message: string; line: number | null; column: number | null }
  | { kind: 'invalid'; errors: FieldError[] }

/** Line and column (1-based) of an offset, for parse errors a technician can find. */
export function lineColumnAt(text: string, offset: number): { line: number; column: number } {
  let line = 1
  let lineStart = 0
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line += 1
      lineStart = i + 1
    }
  }
  return { line, column: offset - lineStart + 1 }
}

/**
 * What the editor's text is, for any text at all (never throws): not JSON (with where), JSON that breaks the machine-config schema (each
 * problem with its path, the same check the core runs on save), or a config that can be saved.
 */
export function checkConfigText(text: string): ConfigCheck {
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch (err) {
    const raw = errorMessage(err)
    const at = /position (\d+)/.exec(raw)
    const where = at?.[1] !== undefined ? lineColumnAt(text, Number(at[1])) : null
    // V8 adds its own position ("at position 12 (line 3 column 3)"); ours is shown separately.
    const message =
      text.trim() === ''
        ? 'The config is empty; it must be a JSON object.'
        : raw.replace(/\s*\(line \d+ column \d+\)/, '').replace(/ in JSON at position \d+/, '')
    return { kind: 'parse-error', message, line: where?.line ?? null, column: where?.column ?? null }
  }
  let result: ReturnType<typeof validateMachineConfig>
  try {
    result = validateMachineConfig(parsed)
  } catch (err) {
    // The schema answers every input (nesting past its limit too); should it ever throw, the editor
    // shows why instead of losing the page, and the text cannot be saved.
    const reason = errorMessage(err)
    return { kind: 'invalid', errors: [{ path: '$', message: `the config could not be checked: ${reason}` }] }
  }
  return result.ok ? { kind: 'valid', config: parsed } : { kind: 'invalid', errors: result.errors }
}
