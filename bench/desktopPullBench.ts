import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import type { BenchLine } from './launchBench'
import { insertRows } from './support/insertRows'
import { insertGrant } from '../src/hub/auth/grants'
import { hashPassword } from '../src/hub/auth/password'
import { insertUser } from '../src/hub/auth/users'
import type { SqlParam } from '../src/hub/db/Db'
import { migrate } from '../src/hub/db/migrate'
import { openPgliteDb } from '../src/hub/db/pgliteDb'
import type { OrgId, UserId } from '../src/shared/ids'
import { startCore } from '../src/main/app/startCore'

// The desktop's first full pull of a fleet from a hub into an empty cache, through the real sync
// engine: the feed from cursor 0 in pages, each applied in the cache worker. The hub runs as its
// own process (PGlite runs on its process's main thread, which would otherwise be counted as the
// desktop's stall), seeded straight into its database with the change rows its routes write.
// Reported: the pull's time (sign-in to the last page applied and the fleet index rebuilt) and
// the longest stall of the desktop's main event loop meanwhile (what a window would feel).

const EMAIL = 'pull-bench@bench.example'
const PASSWORD = 'bench password that is long enough'
const CONFIG = {
  components: [
    { name: 'left', api: 'rdk:component:motor', model: 'fake', attributes: { max_rpm: 120 } },
    { name: 'cam', api: 'rdk:component:camera', model: 'fake', attributes: {} },
  ],
}

async function seed(dataDir: string, machines: number): Promise<void> {
  const db = await openPgliteDb({ dataDir })
  try {
    await migrate(db)
    const org = 'org_pullbench'
    const locations = Array.from({ length: 10 }, (_, i) => `loc_pullbench_${i}`)
    await db.query(`INSERT INTO organizations (id, name) VALUES ($1, 'Bench')`, [org])
    await insertRows(
      db,
      'locations',
      ['id', 'org_id', 'name'],
      [],
      locations.map((id) => [id, org, id]),
    )
    const change = (
      kind: string,
      id: string,
      path: string[],
      machineId: string | null,
      body: unknown,
    ): SqlParam[] => [kind, id, org, JSON.stringify(path), machineId, 'create', JSON.stringify(body), 'bench']
    const changes: SqlParam[][] = [change('organization', org, [], null, { id: org, name: 'Bench' })]
    for (const id of locations)
      changes.push(change('location', id, [id], null, { id, orgId: org, parentId: null, name: id }))
    const machineRows: SqlParam[][] = []
    const partRows: SqlParam[][] = []
    const revisionRows: SqlParam[][] = []
    for (let i = 0; i < machines; i++) {
      const machineId = `mch_pullbench_${i}`
      const partId = `prt_pullbench_${i}`
      const location = locations[i % locations.length] as string
      machineRows.push([machineId, org, location, `robot-${i}`])
      partRows.push([partId, machineId, `robot-${i}-main`, true, `secret-${partId}`, 1])
      revisionRows.push([partId, 1, JSON.stringify(CONFIG), 'bench', 'fixture'])
      changes.push(
        change('machine', machineId, [location], machineId, {
          id: machineId,
          locationId: location,
          name: `robot-${i}`,
        }),
      )
      changes.push(
        change('part', partId, [location], machineId, {
          id: partId,
          machineId,
          name: `robot-${i}-main`,
          isMain: true,
          revision: 1,
        }),
      )
      changes.push(
        change('config-revision', partId, [location], machineId, {
          partId,
          revision: 1,
          author: 'bench',
          source: 'fixture',
          parents: [],
          createdAt: '2026-01-01T00:00:00.000Z',
          config: CONFIG,
        }),
      )
    }
    await insertRows(db, 'machines', ['id', 'org_id', 'location_id', 'name'], [], machineRows)
    await insertRows(db, 'parts', ['id', 'machine_id', 'name', 'is_main', 'secret', 'revision'], [], partRows)
    await insertRows(
      db,
      'config_revisions',
      ['part_id', 'revision', 'config', 'author', 'source'],
      ['', '', '::jsonb'],
      revisionRows,
    )
    await insertRows(
      db,
      'changes',
      ['kind', 'resource_id', 'org_id', 'location_path', 'machine_id', 'op', 'body', 'actor'],
      ['', '', '', '::jsonb', '', '', '::jsonb'],
      changes,
    )
    const passwordHash = await hashPassword(PASSWORD)
    await db.transaction(async (tx) => {
      const user = await insertUser(tx, { email: EMAIL, name: 'bench', passwordHash })
      await insertGrant(tx, {
        subject: { kind: 'user', id: user.id as UserId },
        role: 'owner',
        resource: { kind: 'organization', id: org as OrgId },
        orgId: org,
      })
    })
  } finally {
    await db.close()
  }
}

async function startHubProcess(
  root: string,
  dataDir: string,
): Promise<{ url: string; stop(): Promise<void> }> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'src/hub/main.ts', '--port', '0', '--data-dir', dataDir],
    {
      cwd: root,
      env: { ...process.env, FLEETDESK_HUB_KEY_SECRET: randomBytes(32).toString('base64') },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  )
  let output = ''
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString()
      const match = /listening on (http:\/\/[^\s]+)/.exec(output)
      if (match) resolve(match[1] as string)
    })
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.once('exit', (code) => reject(new Error(`the hub exited (${code}) before listening:\n${output}`)))
  })
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  return {
    url,
    async stop() {
      child.kill('SIGTERM')
      await exited
    },
  }
}

export async function runDesktopPullBench(options: { root: string; machines: number }): Promise<BenchLine[]> {
  const { machines } = options
  const hubDir = mkdtempSync(join(tmpdir(), 'fleetdesk-bench-pull-hub-'))
  const cacheDir = mkdtempSync(join(tmpdir(), 'fleetdesk-bench-pull-cache-'))
  try {
    await seed(hubDir, machines)
    const hub = await startHubProcess(options.root, hubDir)
    const desktop = await startCore({ dataDir: cacheDir, discovery: false })
    try {
      const pulled = new Promise<void>((resolve) => {
        const off = desktop.core.events.on('fleetChanged', ({ reason }) => {
          if (reason !== 'fleet pulled from the hub') return
          off()
          resolve()
        })
      })
      // A pull that keeps failing says why on stderr rather than waiting silently.
      desktop.core.events.on('syncStatus', (s) => {
        if (s.lastError) console.error(`pull bench: ${s.connection}: ${s.lastError}`)
      })
      const stalls = monitorEventLoopDelay({ resolution: 10 })
      stalls.enable()
      const started = performance.now()
      await desktop.core.call('hubSignIn', {
        hubUrl: hub.url,
        auth: { kind: 'password', email: EMAIL, password: PASSWORD },
      })
      await pulled
      const ms = performance.now() - started
      stalls.disable()
      const tree = await desktop.core.call('getFleetTree', {})
      if (tree.machines.length !== machines)
        throw new Error(`the pull brought ${tree.machines.length} machines, expected ${machines}`)
      return [
        { name: `desktop_full_pull_${machines}_machines`, value: Math.round(ms), unit: 'ms' },
        {
          name: `desktop_full_pull_${machines}_machines_longest_stall`,
          value: Math.round(stalls.max / 1e6),
          unit: 'ms',
        },
      ]
    } finally {
      await desktop.stop()
      await hub.stop()
    }
  } finally {
    rmSync(hubDir, { recursive: true, force: true })
    rmSync(cacheDir, { recursive: true, force: true })
  }
}

// Run alone: `npx tsx bench/desktopPullBench.ts [machines]`.
if (process.argv[1]?.endsWith('desktopPullBench.ts')) {
  const machines = Number(process.argv[2] ?? 10_000)
  runDesktopPullBench({ root: process.cwd(), machines })
    .then((lines) => {
      for (const l of lines) console.log(`BENCH ${l.name} ${l.value} ${l.unit}`)
    })
    .catch((err: unknown) => {
      console.error(err)
      process.exit(1)
    })
}
