import type { BenchLine } from './launchBench'
import { insertRows } from './support/insertRows'
import { insertGrant } from '../src/hub/auth/grants'
import { createSession } from '../src/hub/auth/sessions'
import { insertUser } from '../src/hub/auth/users'
import type { Db, SqlParam } from '../src/hub/db/Db'
import { migrate } from '../src/hub/db/migrate'
import { openPgDb } from '../src/hub/db/pgDb'
import { openPgliteDb } from '../src/hub/db/pgliteDb'
import { postgresUnavailable, startThrowawayPostgres } from '../tests/support/throwawayPostgres'
import { createHub } from '../src/hub/server/createHub'
import { sealKeyFromBytes } from '../src/hub/core/sealSecret'
import { randomBytes } from 'node:crypto'
import type { OrgId, UserId } from '../src/shared/ids'

// The hub's sync figures on embedded PGlite: the change feed's first full pull of a fleet (seeded
// straight into the database with batched inserts: each machine with its main part and one config
// revision, and their change rows as the routes write them), the latency of pushing one edit, and
// authenticated reads per second with 50 concurrent clients (on PGlite, and on a throwaway
// PostgreSQL where one can be started).

const PUSHES = 100
const READ_CLIENTS = 50
const READ_SECONDS = 5

const CONFIG = JSON.stringify({
  components: [
    { name: 'left', api: 'rdk:component:motor', model: 'fake', attributes: { max_rpm: 120 } },
    { name: 'cam', api: 'rdk:component:camera', model: 'fake', attributes: {} },
  ],
})

interface Fleet {
  auth: string
  partIds: string[]
}

async function seedFleet(db: Db, machines: number): Promise<Fleet> {
  const org = 'org_bench'
  const locations = Array.from({ length: 10 }, (_, i) => `loc_bench_${i}`)
  await db.query(`INSERT INTO organizations (id, name) VALUES ($1, 'Bench')`, [org])
  await insertRows(
    db,
    'locations',
    ['id', 'org_id', 'name'],
    [],
    locations.map((id) => [id, org, id]),
  )
  const machineRows: SqlParam[][] = []
  const partRows: SqlParam[][] = []
  const revisionRows: SqlParam[][] = []
  const changeRows: SqlParam[][] = []
  const partIds: string[] = []
  for (let i = 0; i < machines; i++) {
    const machineId = `mch_bench_${i}`
    const partId = `prt_bench_${i}`
    const location = locations[i % locations.length] as string
    const path = JSON.stringify([location])
    partIds.push(partId)
    machineRows.push([machineId, org, location, `robot-${i}`])
    partRows.push([partId, machineId, `robot-${i}-main`, true, `secret-${partId}`, 1])
    revisionRows.push([partId, 1, CONFIG, 'bench', 'fixture'])
    changeRows.push([
      'machine',
      machineId,
      org,
      path,
      machineId,
      'create',
      JSON.stringify({ id: machineId, locationId: location, name: `robot-${i}` }),
      'bench',
    ])
    changeRows.push([
      'part',
      partId,
      org,
      path,
      machineId,
      'create',
      JSON.stringify({ id: partId, machineId, name: `robot-${i}-main`, isMain: true, revision: 1 }),
      'bench',
    ])
    changeRows.push([
      'config-revision',
      partId,
      org,
      path,
      machineId,
      'create',
      JSON.stringify({
        partId,
        revision: 1,
        author: 'bench',
        source: 'fixture',
        parents: [],
        config: JSON.parse(CONFIG) as unknown,
      }),
      'bench',
    ])
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
    changeRows,
  )
  const auth = await db.transaction(async (tx) => {
    const user = await insertUser(tx, { email: 'bench@bench.example', name: 'bench', passwordHash: 'none' })
    await insertGrant(tx, {
      subject: { kind: 'user', id: user.id as UserId },
      role: 'owner',
      resource: { kind: 'organization', id: org as OrgId },
      orgId: org,
    })
    return `Bearer ${(await createSession(tx, user.id)).token}`
  })
  return { auth, partIds }
}

/**
 * Authenticated reads: 50 clients in a loop reading part configs for READ_SECONDS, each request
 * authenticated, access-checked and answered from the database as a desktop's would be.
 */
async function measureAuthReads(
  url: string,
  fleet: Fleet,
  storage: 'pglite' | 'postgres',
): Promise<BenchLine> {
  const headers = { authorization: fleet.auth }
  let done = 0
  let failed = 0
  const until = performance.now() + READ_SECONDS * 1000
  const readStart = performance.now()
  await Promise.all(
    Array.from({ length: READ_CLIENTS }, async (_, c) => {
      let i = c
      while (performance.now() < until) {
        const id = fleet.partIds[(i += READ_CLIENTS) % fleet.partIds.length] as string
        const reply = await fetch(`${url}/v1/parts/${id}/config`, { headers })
        await reply.arrayBuffer()
        if (reply.status === 200) done++
        else failed++
      }
    }),
  )
  const readSeconds = (performance.now() - readStart) / 1000
  if (failed > 0) throw new Error(`${failed} authenticated reads failed on ${storage}`)
  return {
    name: `hub_auth_read_${READ_CLIENTS}_clients_${storage}`,
    value: round(done / readSeconds, 0),
    unit: 'req/s',
  }
}

/** The same reads on PostgreSQL (fsync on, as a real server runs), on a fleet of the same size. */
async function postgresAuthReads(machines: number): Promise<BenchLine[]> {
  // A fresh server only: on a shared DATABASE_URL the seeded rows would collide with an earlier run's.
  const why = process.env.DATABASE_URL
    ? 'DATABASE_URL is set; this bench seeds a fresh server'
    : postgresUnavailable()
  if (why !== null) {
    console.log(`hub sync bench: PostgreSQL reads skipped (${why})`)
    return []
  }
  const server = await startThrowawayPostgres({ fsync: true })
  const db = openPgDb({ connectionString: server.url, max: 10 })
  try {
    await migrate(db)
    const hub = await createHub(db, { logLevel: false, sealKey: sealKeyFromBytes(randomBytes(32)) })
    try {
      const fleet = await seedFleet(db, machines)
      const url = await hub.app.listen({ port: 0, host: '127.0.0.1' })
      return [await measureAuthReads(url, fleet, 'postgres')]
    } finally {
      await hub.app.close()
    }
  } finally {
    await db.close()
    server.stop()
  }
}

const percentile = (sorted: number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN
const round = (n: number, digits = 1): number => Math.round(n * 10 ** digits) / 10 ** digits

export async function runHubSyncBench(options: { machines: number }): Promise<BenchLine[]> {
  const { machines } = options
  const db = await openPgliteDb()
  const lines: BenchLine[] = []
  const hub = await (async () => {
    await migrate(db)
    return createHub(db, { logLevel: false, sealKey: sealKeyFromBytes(randomBytes(32)) })
  })()
  try {
    const fleet = await seedFleet(db, machines)
    const url = await hub.app.listen({ port: 0, host: '127.0.0.1' })
    const headers = { authorization: fleet.auth }

    // First full pull: every page from cursor 0, as an empty desktop cache does.
    let cursor = 0
    let bytes = 0
    let entries = 0
    const pullStart = performance.now()
    for (;;) {
      const reply = await fetch(`${url}/v1/changes?cursor=${cursor}&limit=5000`, { headers })
      const text = await reply.text()
      bytes += Buffer.byteLength(text)
      const page = JSON.parse(text) as { changes: unknown[]; nextCursor: number; hasMore: boolean }
      entries += page.changes.length
      cursor = page.nextCursor
      if (!page.hasMore) break
    }
    const pullMs = performance.now() - pullStart
    if (entries < machines * 3)
      throw new Error(`the full pull returned ${entries} entries, expected ${machines * 3}`)
    lines.push({
      name: `hub_feed_full_pull_${machines}_machines_pglite`,
      value: round(pullMs, 0),
      unit: 'ms',
    })
    lines.push({
      name: `hub_feed_full_pull_${machines}_machines_pglite_bytes`,
      value: round(bytes / 1e6, 2),
      unit: 'MB',
    })

    // Push latency of one edit (fast-forward, a new revision each), sequential.
    const partId = fleet.partIds[0] as string
    const latencies: number[] = []
    for (let i = 0; i < PUSHES; i++) {
      const edit = {
        clientId: 'bench-desk',
        seq: i + 1,
        baseRevision: i + 1,
        kind: 'config',
        target: { partId },
        body: {
          config: {
            components: [
              { name: 'left', api: 'rdk:component:motor', model: 'fake', attributes: { max_rpm: i } },
            ],
          },
        },
      }
      const started = performance.now()
      const reply = await fetch(`${url}/v1/push`, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json' },
        body: JSON.stringify({ edits: [edit] }),
      })
      const outcome = ((await reply.json()) as { results: { status: string }[] }).results[0]
      latencies.push(performance.now() - started)
      if (outcome?.status !== 'applied') throw new Error(`push ${i + 1} was ${JSON.stringify(outcome)}`)
    }
    latencies.sort((a, b) => a - b)
    lines.push({ name: 'hub_push_one_edit_p50_pglite', value: round(percentile(latencies, 50)), unit: 'ms' })
    lines.push({ name: 'hub_push_one_edit_p95_pglite', value: round(percentile(latencies, 95)), unit: 'ms' })

    lines.push(await measureAuthReads(url, fleet, 'pglite'))
  } finally {
    await hub.app.close()
    await db.close()
  }
  lines.push(...(await postgresAuthReads(machines)))
  return lines
}

// `npx tsx bench/hubSyncBench.ts`: this bench alone.
if (process.argv[1]?.endsWith('hubSyncBench.ts')) {
  runHubSyncBench({ machines: Number(process.env.BENCH_MACHINES ?? 10_000) })
    .then((lines) => {
      for (const l of lines) console.log(`BENCH ${l.name} ${l.value} ${l.unit}`)
    })
    .catch((err: unknown) => {
      console.error(err)
      process.exit(1)
    })
}
