import type { TestProject } from 'vitest/node'
import { postgresUnavailable, startThrowawayPostgres } from '../../support/throwawayPostgres'

// Starts one real PostgreSQL on loopback for the hub tests (tests/support/throwawayPostgres.ts: as
// root through runuser, a free port, fsync off), and stops it at the end. Each test file creates its own
// database in it. Where the binaries or root are missing, the tests get the reason instead and
// their PostgreSQL variants are skipped (never passed).

declare module 'vitest' {
  export interface ProvidedContext {
    hubPostgresUrl: string | null
    hubPostgresSkipReason: string
  }
}

export default async function setup(project: TestProject): Promise<(() => void) | undefined> {
  // An existing server (DATABASE_URL) is used as is: the tests create their databases in it.
  if (process.env.DATABASE_URL) {
    project.provide('hubPostgresUrl', process.env.DATABASE_URL)
    project.provide('hubPostgresSkipReason', '')
    return undefined
  }
  const reason = postgresUnavailable()
  if (reason) {
    // One line in the run's output; the skipped suites also carry the reason in their names.
    console.warn(`hub tests: the PostgreSQL variants are skipped: ${reason}`)
    project.provide('hubPostgresUrl', null)
    project.provide('hubPostgresSkipReason', reason)
    return undefined
  }
  // A watchdog that outlives this process too: a run that ends without its teardown (a worker that
  // would not terminate ends Vitest abruptly) leaves no server behind.
  const server = await startThrowawayPostgres({
    fsync: false,
    settings: ['max_connections=200'],
    watchdog: true,
  })
  project.provide('hubPostgresUrl', server.url)
  project.provide('hubPostgresSkipReason', '')
  process.once('exit', server.stop)
  return server.stop
}
