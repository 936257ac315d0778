import { execFileSync, spawnSync } from 'node:child_process'
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { TestProject } from 'vitest/node'

// Starts one real PostgreSQL on loopback for the hub tests (../shared/RECIPES.md: as root through
// runuser, a free port, fsync off), and stops it at the end. Each test file creates its own
// database in it. Where the binaries or root are missing, the tests get the reason instead and
// their PostgreSQL variants are skipped (never passed).

declare module 'vitest' {
  export interface ProvidedContext {
    hubPostgresUrl: string | null
    hubPostgresSkipReason: string
  }
}

/** The newest installed PostgreSQL's binaries (Debian keeps each major version apart). */
function findPgBin(): string {
  if (process.env.FLEETDESK_PGBIN) return process.env.FLEETDESK_PGBIN
  const root = '/usr/lib/postgresql'
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((v) => /^\d+$/.test(v))
        .sort((a, b) => Number(b) - Number(a))
    : []
  return join(root, versions[0] ?? '15', 'bin')
}
const PGBIN = findPgBin()

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      const port = typeof address === 'object' && address ? address.port : 0
      server.close(() => resolve(port))
    })
  })
}

function whyNot(): string | null {
  if (process.env.DATABASE_URL) return null
  if (!existsSync(join(PGBIN, 'initdb')))
    return `PostgreSQL binaries not found in ${PGBIN} (apt-get install postgresql)`
  if (process.getuid?.() !== 0) return 'not root: cannot start PostgreSQL through runuser -u postgres'
  if (spawnSync('id', ['postgres']).status !== 0) return 'no postgres system user'
  return null
}

export default async function setup(project: TestProject): Promise<(() => void) | undefined> {
  // An existing server (DATABASE_URL) is used as is: the tests create their databases in it.
  if (process.env.DATABASE_URL) {
    project.provide('hubPostgresUrl', process.env.DATABASE_URL)
    project.provide('hubPostgresSkipReason', '')
    return undefined
  }
  const reason = whyNot()
  if (reason) {
    // One line in the run's output; the skipped suites also carry the reason in their names.
    console.warn(`hub tests: the PostgreSQL variants are skipped: ${reason}`)
    project.provide('hubPostgresUrl', null)
    project.provide('hubPostgresSkipReason', reason)
    return undefined
  }
  const data = mkdtempSync(join(tmpdir(), 'hubpg-data-'))
  const sock = mkdtempSync(join(tmpdir(), 'hubpg-sock-'))
  execFileSync('chown', ['postgres:postgres', data, sock])
  chmodSync(sock, 0o755)
  const asPostgres = (bin: string, args: string[]): void => {
    execFileSync('runuser', ['-u', 'postgres', '--', join(PGBIN, bin), ...args], { stdio: 'pipe' })
  }
  asPostgres('initdb', ['-D', data, '-U', 'postgres', '-A', 'trust', '--no-sync'])
  const port = await freePort()
  const options = `-c listen_addresses=127.0.0.1 -p ${port} -k ${sock} -c fsync=off -c max_connections=200`
  asPostgres('pg_ctl', ['-D', data, '-l', join(sock, 'server.log'), '-w', '-o', options, 'start'])
  project.provide('hubPostgresUrl', `postgres://postgres@127.0.0.1:${port}/postgres`)
  project.provide('hubPostgresSkipReason', '')
  let stopped = false
  const stop = (): void => {
    if (stopped) return
    stopped = true
    try {
      asPostgres('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop'])
    } finally {
      rmSync(data, { recursive: true, force: true })
      rmSync(sock, { recursive: true, force: true })
    }
  }
  // Also on exit, so a run that ends without its teardown leaves no server behind.
  process.once('exit', stop)
  return stop
}
