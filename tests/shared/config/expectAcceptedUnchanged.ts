import { expect } from 'vitest'
import { validateMachineConfig } from '../../../src/shared/config/machineConfigSchema'

/** The schema accepts the config and hands it back unchanged: no key dropped, none added, no value changed. */
export function expectAcceptedUnchanged(input: unknown): void {
  const result = validateMachineConfig(input)
  expect(result.ok ? [] : result.errors).toEqual([])
  if (!result.ok) return
  // Strict: not even a key added as undefined.
  expect(result.config).toStrictEqual(input)
  expect(JSON.parse(JSON.stringify(result.config))).toStrictEqual(input)
}
