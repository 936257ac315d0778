import type { FieldError } from '../shared/errors/CoreError'
import { validateMachineConfig, type MachineConfig } from '../shared/config/machineConfigSchema'
import type { ModelRegistry } from './ModelRegistry'
import { planListings, planResources, wellFormedListings } from './planResources'

/**
 * The shared schema plus the agent's own checks (model attributes, names, dependency cycles). When
 * the schema refuses the config, the agent's checks still run on the entries that are well-formed,
 * so one answer lists every problem.
 */
export function checkMachineConfig(
  input: unknown,
  registry: ModelRegistry,
): { ok: true; config: MachineConfig } | { ok: false; errors: FieldError[] } {
  const schema = validateMachineConfig(input)
  if (schema.ok) {
    const { errors } = planResources(schema.config, registry)
    return errors.length === 0 ? { ok: true, config: schema.config } : { ok: false, errors }
  }
  const errors = [...schema.errors]
  const seen = new Set(errors.map((e) => `${e.path}\n${e.message}`))
  for (const e of planListings(wellFormedListings(input), registry).errors) {
    if (!seen.has(`${e.path}\n${e.message}`)) errors.push(e)
  }
  return { ok: false, errors }
}
