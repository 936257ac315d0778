import fc from 'fast-check'
import { errorMessage } from '../../../src/shared/errors/errorMessage'

/**
 * Bounded runs with a known seed: FUZZ_SEED replays a failure, otherwise each run draws a new seed;
 * FUZZ_RUNS runs longer on purpose (a local hunt), never in `npm test`.
 * A failure is rethrown with the seed and the command that replays it first (fast-check's own
 * report, with the counterexample and its shrink path, follows).
 */
export function fuzzParameters<T>(numRuns: number): fc.Parameters<T> {
  const fromEnv = process.env.FUZZ_SEED
  const seed = fromEnv !== undefined && fromEnv !== '' ? Number(fromEnv) : (Math.random() * 2 ** 31) | 0
  const runs = Number(process.env.FUZZ_RUNS ?? numRuns)
  return { numRuns: Number.isSafeInteger(runs) && runs > 0 ? runs : numRuns, seed }
}

export async function assertFuzz<T>(
  file: string,
  property: fc.IAsyncProperty<T>,
  parameters: fc.Parameters<T>,
): Promise<void> {
  try {
    await fc.assert(property, parameters)
  } catch (err) {
    const message = errorMessage(err)
    throw new Error(
      `fuzz failed with seed ${parameters.seed}; replay: FUZZ_SEED=${parameters.seed} npx vitest run ${file}\n${message}`,
      { cause: err },
    )
  }
}
