import type { FieldError } from '../../shared/errors/CoreError'
import { validateMachineConfig, type MachineConfig } from '../../shared/config/machineConfigSchema'
import { errorMessage } from '../../shared/errors/errorMessage'

export interface ConfigSaveRequest {
  /** The hub revision the edit was based on (what the editor showed). */
  baseRevision: number
  /** The hub revision the cache holds for the part. */
  cachedRevision: number
  machineName: string
  /** The config as the user wrote it. */
  config: unknown
}

export type ConfigSavePlan =
  /** Save this: the user's own JSON, keys in the user's order. */
  { ok: true; config: MachineConfig } | { ok: false; message: string; fieldErrors?: FieldError[] }

/**
 * Whether a config edit may be saved, and what to store. Pure.
 *
 * - A base revision newer than the cached one cannot be right (the editor showed something this
 *   cache never held); an older one is fine: the hub merges it three ways (DESIGN.md, cloud sync).
 * - What is stored is what the user wrote, not the schema's output: zod rebuilds objects with the
 *   known keys first, in schema order, and the editor would show them reordered (issue 8). The
 *   value is taken as JSON first, exactly as the journal will hold it, and that JSON is what is
 *   validated, so nothing stored escapes validation. (Integer-like keys such as "10" are ordered
 *   first by JavaScript itself, before the core ever sees the object; no object can keep them.)
 */
export function planConfigSave(request: ConfigSaveRequest): ConfigSavePlan {
  const { baseRevision, cachedRevision, machineName } = request
  if (baseRevision > cachedRevision) {
    return {
      ok: false,
      message: `Base revision ${baseRevision} is newer than the cached revision ${cachedRevision} of ${machineName}.`,
    }
  }
  const json = asJson(request.config)
  if (!json.ok) return { ok: false, message: `The config is not JSON (${json.reason}); nothing was saved.` }
  const result = validateMachineConfig(json.value)
  if (!result.ok) {
    const n = result.errors.length
    return {
      ok: false,
      message: `The config has ${n} error${n === 1 ? '' : 's'}; nothing was saved.`,
      fieldErrors: result.errors,
    }
  }
  // Valid as written: `json.value` passed the schema that MachineConfig is the output type of, and
  // the schema only reorders (its objects are loose, with no defaults or transforms).
  return { ok: true, config: json.value as MachineConfig }
}

/** A deep copy through JSON text: what the journal stores, with the keys in the order given. */
function asJson(value: unknown): { ok: true; value: unknown } | { ok: false; reason: string } {
  let text: string | undefined
  try {
    text = JSON.stringify(value)
  } catch (err) {
    // One line, for a toast: Node's message for a cycle spans several.
    return { ok: false, reason: errorMessage(err).replace(/\s+/g, ' ') }
  }
  if (text === undefined) return { ok: false, reason: 'there is no value' }
  return { ok: true, value: JSON.parse(text) as unknown }
}
