import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Worker } from 'node:worker_threads'
import type { Db } from '../src/hub/db/Db'
import { migrate } from '../src/hub/db/migrate'
import { openPgDb } from '../src/hub/db/pgDb'
import { openPgliteDb } from '../src/hub/db/pgliteDb'
import { buildLogInsert, type LogRowIn } from '../src/hub/logs/logSql'
import { createHub } from '../src/hub/server/createHub'
import { seal, sealKeyFromBytes } from '../src/hub/core/sealSecret'
import type { PartId } from '../src/shared/ids'
import type { BenchLine } from './launchBench'
import { postgresUnavailable, startThrowawayPostgres } from '../tests/support/throwawayPostgres'

/**
 * Hub log ingestion over HTTP (POST /v1/parts/:partId/logs, 1,000-line batches with the agent's
 * part credential, over loopback) beside the same database's raw rate: the hub's own statement for
 * a 1,000-row batch (one INSERT of all rows, logSql.buildLogInsert) run straight on the database,
 * with as many batches in flight as the HTTP client keeps, measured in the same run. On PGlite always; on PostgreSQL when it can
 * be started here (as root through runuser, on loopback, a free port, stopped at the end).
 */
const LINES = Number(process.env.BENCH_HUB_LOG_LINES ?? 100_000)
const BATCH = 1000
/** Two batches in flight: one parsed while the other is written, as an agent with a backlog does. */
const IN_FLIGHT = 2
const PART = 'prt_bench'
const SECRET = 'bench-part-secret-0123456789abcdef'

function rows(from: number, count: number): LogRowIn[] {
  const base = Date.parse('2026-01-01T00:00:00.000Z')
  return Array.from({ length: count }, (_, k) => {
    const i = from + k
    return {
      time: new Date(base + i).toISOString(),
      level: i % 10 === 0 ? 'warn' : 'info',
      logger: 'rdk.components.motor1',
      message: `position ${i} reached, velocity ${(i % 97) * 1.5} rpm, temperature nominal`,
      fields: { seq: i },
    }
  })
}

// The bench's hubs seal part secrets under a throwaway key.
const BENCH_KEY = sealKeyFromBytes(randomBytes(32))

async function seed(db: Db): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.query(`INSERT INTO organizations (id, name) VALUES ('org_bench', 'bench')`)
    await tx.query(`INSERT INTO locations (id, org_id, name) VALUES ('loc_bench', 'org_bench', 'bench')`)
    await tx.query(
      `INSERT INTO machines (id, org_id, location_id, name) VALUES ('mch_bench', 'org_bench', 'loc_bench', 'bench')`,
    )
    await tx.query(
      `INSERT INTO parts (id, machine_id, name, is_main, secret_sealed) VALUES ($1, 'mch_bench', 'main', true, $2)`,
      [PART, seal(BENCH_KEY, SECRET)],
    )
  })
}

/**
 * Raw: the statement the hub itself runs, straight on the database, IN_FLIGHT batches at a time
 * (as the HTTP client sends them; on PGlite, one connection, that is the same as one after the
 * other). Each measurement starts from a truncated table (a DELETE would leave dead rows and index
 * entries that slow the next run's inserts and bias the comparison).
 */
async function rawMs(db: Db, lines: number): Promise<number> {
  await db.query(`TRUNCATE part_logs`)
  let next = 0
  const worker = async (): Promise<void> => {
    while (next < lines) {
      const from = next
      next += BATCH
      const s = buildLogInsert(PART as PartId, rows(from, BATCH))
      await db.query(s.text, s.values)
    }
  }
  const started = performance.now()
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker))
  return performance.now() - started
}

/**
 * The client: the agent is another process, so the load runs in a worker thread of its own; in
 * this thread it would take turns with the hub and PGlite (both on this thread) and the bench would
 * measure the client too. Plain JavaScript, evaluated, so the worker needs no TypeScript loader.
 */
const CLIENT = `
const { parentPort, workerData } = require('node:worker_threads')
const { url, headers, lines, batch, inFlight, first } = workerData
const base = Date.parse('2026-01-01T00:00:00.000Z')
const bodies = []
for (let i = 0; i < lines; i += batch) {
  const entries = []
  for (let k = 0; k < batch; k++) {
    const n = first + i + k
    entries.push({ time: new Date(base + n).toISOString(), level: n % 10 === 0 ? 'warn' : 'info',
      logger: 'rdk.components.motor1',
      message: 'position ' + n + ' reached, velocity ' + (n % 97) * 1.5 + ' rpm, temperature nominal',
      fields: { seq: n } })
  }
  bodies.push(JSON.stringify({ entries }))
}
parentPort.once('message', async () => {
  let next = 0
  const worker = async () => {
    while (next < bodies.length) {
      const body = bodies[next++]
      const res = await fetch(url, { method: 'POST', headers, body })
      const text = await res.text()
      if (res.status !== 200) throw new Error('ingest answered ' + res.status + ': ' + text)
    }
  }
  const started = performance.now()
  try {
    await Promise.all(Array.from({ length: inFlight }, worker))
    parentPort.postMessage({ ms: performance.now() - started })
  } catch (err) {
    parentPort.postMessage({ error: String(err) })
  }
})
parentPort.postMessage({ ready: true })
`

type ClientMessage = { ready: true } | { ms: number } | { error: string }

/** One round over HTTP to a running hub: `lines` lines, bodies built before the clock starts. */
async function httpMs(db: Db, base: string, lines: number): Promise<number> {
  const workerData = {
    url: `${base}/v1/parts/${PART}/logs`,
    headers: { authorization: `Part ${PART}:${SECRET}`, 'content-type': 'application/json' },
    lines,
    batch: BATCH,
    inFlight: IN_FLIGHT,
    first: lines,
  }
  await db.query(`TRUNCATE part_logs`)
  const client = new Worker(CLIENT, { eval: true, workerData })
  try {
    const ms = await new Promise<number>((resolve, reject) => {
      client.on('error', reject)
      client.on('message', (m: ClientMessage) => {
        // Bodies are built before the clock starts: the bench measures the hub, not the client.
        if ('ready' in m) client.postMessage('start')
        else if ('ms' in m) resolve(m.ms)
        else reject(new Error(m.error))
      })
    })
    const stored = await db.query<{ n: number | string }>(`SELECT count(*) AS n FROM part_logs`)
    if (Number(stored[0]?.n) !== lines) throw new Error(`stored ${String(stored[0]?.n)} of ${lines} lines`)
    return ms
  } finally {
    await client.terminate()
  }
}

/**
 * Raw and HTTP alternate in ROUNDS rounds of LINES / ROUNDS lines each, and each rate is the
 * total over its rounds: on a shared machine the load drifts, and measuring one side after the
 * other let that drift land on one side only (ratios of 0.4 to 2 between runs of the same code).
 */
const ROUNDS = 4

async function measure(storage: 'pglite' | 'postgres', db: Db): Promise<BenchLine[]> {
  await migrate(db)
  await seed(db)
  // One warm-up batch each way, so neither side pays first-query planning in its figure.
  const warm = buildLogInsert(PART as PartId, rows(-BATCH, BATCH))
  await db.query(warm.text, warm.values)
  const { app } = await createHub(db, { logLevel: false, sealKey: BENCH_KEY })
  let rawTotal = 0
  let httpTotal = 0
  const perRound = Math.max(BATCH, Math.round(LINES / ROUNDS / BATCH) * BATCH)
  try {
    const base = await app.listen({ port: 0, host: '127.0.0.1' })
    for (let r = 0; r < ROUNDS; r++) {
      rawTotal += await rawMs(db, perRound)
      httpTotal += await httpMs(db, base, perRound)
    }
  } finally {
    await app.close()
  }
  const raw = (perRound * ROUNDS) / (rawTotal / 1000)
  const hub = (perRound * ROUNDS) / (httpTotal / 1000)
  const round = (n: number): number => Math.round(n)
  return [
    { name: `hub_logs_raw_insert_${storage}`, value: round(raw), unit: 'lines/s' },
    { name: `hub_logs_http_${storage}`, value: round(hub), unit: 'lines/s' },
    { name: `hub_logs_http_vs_raw_${storage}`, value: Math.round((hub / raw) * 100) / 100, unit: 'ratio' },
  ]
}

export async function runHubLogsBench(): Promise<BenchLine[]> {
  const lines: BenchLine[] = []
  const dir = mkdtempSync(join(tmpdir(), 'hubbench-pglite-'))
  const pglite = await openPgliteDb({ dataDir: dir })
  try {
    lines.push(...(await measure('pglite', pglite)))
  } finally {
    await pglite.close()
    rmSync(dir, { recursive: true, force: true })
  }
  const why = process.env.DATABASE_URL ? null : postgresUnavailable()
  if (why !== null) {
    console.log(`hub logs bench: PostgreSQL skipped (${why})`)
    return lines
  }
  const run = async (url: string): Promise<void> => {
    const db = openPgDb({ connectionString: url, max: 4 })
    try {
      lines.push(...(await measure('postgres', db)))
    } finally {
      await db.close()
    }
  }
  // An existing server (DATABASE_URL) is used as is; otherwise the bench starts its own.
  if (process.env.DATABASE_URL) await run(process.env.DATABASE_URL)
  else {
    // fsync on, as a real server runs.
    const server = await startThrowawayPostgres({ fsync: true })
    try {
      await run(server.url)
    } finally {
      server.stop()
    }
  }
  return lines
}

// `npx tsx bench/hubLogsBench.ts` runs this bench alone.
if (process.argv[1]?.endsWith('hubLogsBench.ts')) {
  runHubLogsBench()
    .then((out) => {
      for (const l of out) console.log(`BENCH ${l.name} ${l.value} ${l.unit}`)
    })
    .catch((err: unknown) => {
      console.error(err)
      process.exit(1)
    })
}
