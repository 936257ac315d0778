import { execFileSync, spawn, spawnSync } from 'node:child_process'
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

// A real PostgreSQL of a run's own (the hub's tests, the hub bench): as root through runuser, on
// loopback, a free port, its folders in tmp, stopped and removed at the end (RECIPES: empty folder
// to first query in about a second).

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
export const PGBIN = findPgBin()

/** Why no PostgreSQL can be started here, or null when one can. */
export function postgresUnavailable(): string | null {
  if (!existsSync(join(PGBIN, 'initdb')))
    return `PostgreSQL binaries not found in ${PGBIN} (apt-get install postgresql)`
  if (process.getuid?.() !== 0) return 'not root: cannot start PostgreSQL through runuser -u postgres'
  if (spawnSync('id', ['postgres']).status !== 0) return 'no postgres system user'
  return null
}

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

export interface ThrowawayPostgres {
  url: string
  /** Stops the server and removes its folders; safe to call twice. */
  stop(): void
}

export async function startThrowawayPostgres(options: {
  /** Off for tests (speed); on for benches, as a real server runs. */
  fsync: boolean
  /** More `-c name=value` server settings. */
  settings?: readonly string[]
  /** Also stop it from a watchdog process once this process is gone (a run killed mid-way). */
  watchdog?: boolean
}): Promise<ThrowawayPostgres> {
  const data = mkdtempSync(join(tmpdir(), 'fleetdesk-pg-data-'))
  const sock = mkdtempSync(join(tmpdir(), 'fleetdesk-pg-sock-'))
  const removeFolders = (): void => {
    rmSync(data, { recursive: true, force: true })
    rmSync(sock, { recursive: true, force: true })
  }
  const asPostgres = (bin: string, args: string[]): void => {
    execFileSync('runuser', ['-u', 'postgres', '--', join(PGBIN, bin), ...args], { stdio: 'pipe' })
  }
  try {
    execFileSync('chown', ['postgres:postgres', data, sock])
    chmodSync(sock, 0o755)
    asPostgres('initdb', ['-D', data, '-U', 'postgres', '-A', 'trust', '--no-sync'])
    const port = await freePort()
    const settings = [
      'listen_addresses=127.0.0.1',
      ...(options.fsync ? [] : ['fsync=off']),
      ...(options.settings ?? []),
    ]
    const serverOptions = `-p ${port} -k ${sock} ${settings.map((s) => `-c ${s}`).join(' ')}`
    asPostgres('pg_ctl', ['-D', data, '-l', join(sock, 'server.log'), '-w', '-o', serverOptions, 'start'])
    let stopped = false
    const stop = (): void => {
      if (stopped) return
      stopped = true
      try {
        asPostgres('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop'])
      } finally {
        removeFolders()
      }
    }
    if (options.watchdog) {
      const pgCtl = join(PGBIN, 'pg_ctl')
      spawn(
        'sh',
        [
          '-c',
          `while kill -0 ${process.pid} 2>/dev/null; do sleep 1; done; runuser -u postgres -- "${pgCtl}" -D "${data}" -m fast -w stop >/dev/null 2>&1; rm -rf "${data}" "${sock}"`,
        ],
        { detached: true, stdio: 'ignore' },
      ).unref()
    }
    return { url: `postgres://postgres@127.0.0.1:${port}/postgres`, stop }
  } catch (err) {
    removeFolders()
    throw err
  }
}
