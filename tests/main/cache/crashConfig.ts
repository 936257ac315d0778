import type { PartId } from '../../../src/shared/ids'

/**
 * The edit number `n` of crash-test run `run`: its config is deterministic (and of varying size), so
 * the exact bytes of every recovered edit can be checked.
 */
export function crashConfig(run: number, n: number): Record<string, unknown> {
  const width = 20 + ((n * 7919 + run * 104_729) % 300)
  return {
    run,
    n,
    components: [
      {
        name: `motor-${n % 5}`,
        api: 'rdk:component:motor',
        model: 'fake',
        attributes: { max_rpm: n, note: 'é✓'.repeat(n % 4) },
      },
    ],
    pad: String.fromCharCode(97 + (n % 26)).repeat(width),
  }
}

export const crashPart = (n: number): PartId => `part-${n % 7}` as PartId
