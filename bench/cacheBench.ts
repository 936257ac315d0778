/**
 * Cache bench: `node --import tsx bench/cacheBench.ts [--machines 10000] [--logs 200000] [--revisions 20]`
 * prints a table; `runCacheBench` returns the figures for bench/run.ts.
 *
 * The cache is filled in a child process (generating a 10,000-machine fleet takes most of a GB of
 * heap), which then also compares page sizes on the files it wrote; this process only opens the
 * cache, so its resident memory is what the app would have.
 */
import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import initSqlJs from 'sql.js'
import { LOGS_FILE, MAIN_FILE } from '../src/main/cache/cacheFiles'
import { createCacheStore, DEFAULT_PAGE_SIZE } from '../src/main/cache/createCacheStore'
import { writeFileAtomic } from '../src/main/cache/worker/writeFileAtomic'
import { generateFleet } from '../src/main/fixture/generateFleet'
import type { MachineConfig } from '../src/shared/config/machineConfigSchema'

export interface BenchFigure {
  name: string
  value: number
  unit: string
}

export interface CacheBenchOptions {
  machines: number
  logs: number
  revisionsPerPart: number
  dataDir: string
}

const PAGE_SIZES = [4096, 8192, 16384, 32768, 65536] as const
const SAVES = 300
const SAVE_INTERVAL_MS = 10

const THIS_FILE = fileURLToPath(import.meta.url)
const ROOT = join(THIS_FILE, '..', '..')
const BUILT_WORKER = join(ROOT, 'out', 'main', 'cacheWorker.js')

function newestMtime(dir: string): number {
  let newest = 0
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name)
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(full))
    else if (/\.(ts|mjs)$/.test(entry.name)) newest = Math.max(newest, statSync(full).mtimeMs)
  }
  return newest
}

/** The built worker, if the build is newer than the cache sources (a stale one would bench old code). */
function freshBuiltWorker(): URL | null {
  if (!existsSync(BUILT_WORKER)) return null
  // The worker bundles the cache and whatever of src/shared it imports.
  const sources = Math.max(
    newestMtime(join(ROOT, 'src', 'main', 'cache')),
    newestMtime(join(ROOT, 'src', 'shared')),
  )
  return statSync(BUILT_WORKER).mtimeMs >= sources ? pathToFileURL(BUILT_WORKER) : null
}

interface FillResult {
  generateMs: number
  importMs: number
  logsMs: number
}

type PageSizeResult = Array<{
  db: 'main' | 'logs'
  pageSize: number
  bytes: number
  exportMs: number
  writeMs: number
  loadMs: number
}>

const round1 = (n: number): number => Math.round(n * 10) / 10
const percentile = (sorted: number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor((sorted.length - 1) * p))] ?? NaN
const mb = (bytes: number): number => round1(bytes / 1e6)

export async function runCacheBench(opts: CacheBenchOptions): Promise<BenchFigure[]> {
  const fill = await inChild<FillResult>([
    '--fill',
    opts.dataDir,
    '--machines',
    String(opts.machines),
    '--logs',
    String(opts.logs),
    '--revisions',
    String(opts.revisionsPerPart),
  ])
  // In a fresh process too, away from the generator's garbage.
  const pageSizes = await inChild<PageSizeResult>(['--page-sizes', opts.dataDir])
  const figures: BenchFigure[] = [
    { name: 'cache.fill_generate', value: round1(fill.generateMs), unit: 'ms' },
    { name: 'cache.import_fleet', value: round1(fill.importMs), unit: 'ms' },
    { name: 'cache.append_logs', value: round1(fill.logsMs), unit: 'ms' },
    { name: 'cache.main_db_size', value: mb(statSync(join(opts.dataDir, MAIN_FILE)).size), unit: 'MB' },
    { name: 'cache.log_db_size', value: mb(statSync(join(opts.dataDir, LOGS_FILE)).size), unit: 'MB' },
  ]

  // The store under test starts the built worker when the app is built (as the packaged app does);
  // opening from sources (the worker boots through tsx) is timed at the end, after this store is
  // closed, so that its memory does not count here.
  const rssBefore = process.memoryUsage().rss
  const builtWorker = freshBuiltWorker()
  const usesBuilt = builtWorker !== null
  const store = createCacheStore({
    dataDir: opts.dataDir,
    // Snapshot far more often than the app does (1.5 s after the last change, 10 s at most), so
    // that saves below race snapshot writes the whole time.
    snapshotDelayMs: 50,
    snapshotMaxDelayMs: 250,
    ...(builtWorker ? { workerScript: builtWorker } : {}),
  })
  let t = performance.now()
  const report = await store.open()
  figures.push({
    name: usesBuilt ? 'cache.open' : 'cache.open_from_source',
    value: round1(performance.now() - t),
    unit: 'ms',
  })
  figures.push({ name: 'cache.rss_after_open', value: mb(process.memoryUsage().rss), unit: 'MB' })
  figures.push({ name: 'cache.rss_process_before_open', value: mb(rssBefore), unit: 'MB' })
  if (report.notices.length > 0)
    throw new Error(`unexpected notices: ${report.notices.map((n) => n.message).join('; ')}`)

  t = performance.now()
  const index = await store.getFleetIndex()
  figures.push({ name: 'cache.get_fleet_index', value: round1(performance.now() - t), unit: 'ms' })
  const part = index.parts[Math.floor(index.parts.length / 2)]
  if (!part) throw new Error('the bench fleet has no parts')
  t = performance.now()
  const current = await store.getPartConfig(part.id)
  figures.push({ name: 'cache.get_part_config', value: round1(performance.now() - t), unit: 'ms' })
  t = performance.now()
  await store.getRevision(part.id, Math.max(1, current.revision - opts.revisionsPerPart + 1))
  figures.push({ name: 'cache.get_oldest_revision', value: round1(performance.now() - t), unit: 'ms' })
  t = performance.now()
  await store.queryLogs({ partId: part.id, limit: 500 })
  figures.push({ name: 'cache.query_logs', value: round1(performance.now() - t), unit: 'ms' })

  // Saves spread over ~3 s while snapshots of the main database (and the logs) are written back to
  // back; the event loop is watched meanwhile.
  const baseConfig = (current.config ?? { components: [] }) as MachineConfig
  const latencies: number[] = []
  const histogram = monitorEventLoopDelay({ resolution: 1 })
  let probeMax = 0
  let last = performance.now()
  const probe = setInterval(() => {
    const now = performance.now()
    probeMax = Math.max(probeMax, now - last - 5)
    last = now
  }, 5)
  let rssPeak = 0
  const rssSampler = setInterval(() => (rssPeak = Math.max(rssPeak, process.memoryUsage().rss)), 50)
  const snapshotsBefore = store.snapshotsWritten
  histogram.enable()
  const saves: Array<Promise<void>> = []
  for (let i = 0; i < SAVES; i++) {
    const target = index.parts[(i * 7919) % index.parts.length] ?? part
    const config = { ...baseConfig, bench: { i, at: Date.now() } }
    const started = performance.now()
    saves.push(
      store
        .saveLocalEdit({ partId: target.id, baseRevision: target.revision, config, author: 'bench' })
        .then(() => {
          latencies.push(performance.now() - started)
        }),
    )
    if (i % 20 === 0) {
      void store.appendLogs(
        Array.from({ length: 100 }, (_, k) => ({
          partId: target.id,
          time: new Date().toISOString(),
          level: 'info' as const,
          logger: 'bench',
          message: `entry ${i}.${k}`,
          fields: { k },
        })),
      )
    }
    await new Promise((resolve) => setTimeout(resolve, SAVE_INTERVAL_MS))
  }
  await Promise.all(saves)
  await store.snapshot()
  histogram.disable()
  clearInterval(probe)
  clearInterval(rssSampler)
  latencies.sort((a, b) => a - b)
  const stats = await store.stats()
  figures.push(
    { name: 'cache.save_durable_p50', value: round1(percentile(latencies, 0.5)), unit: 'ms' },
    { name: 'cache.save_durable_p95', value: round1(percentile(latencies, 0.95)), unit: 'ms' },
    { name: 'cache.save_durable_max', value: round1(latencies.at(-1) ?? NaN), unit: 'ms' },
    { name: 'cache.snapshots_during_saves', value: store.snapshotsWritten - snapshotsBefore, unit: 'count' },
    { name: 'cache.snapshot_duration_last', value: round1(stats.lastSnapshotMs ?? NaN), unit: 'ms' },
    { name: 'cache.event_loop_stall_max', value: round1(histogram.max / 1e6), unit: 'ms' },
    { name: 'cache.event_loop_stall_max_probe', value: round1(Math.max(0, probeMax)), unit: 'ms' },
    { name: 'cache.rss_peak_during_snapshot_stress', value: mb(rssPeak), unit: 'MB' },
  )
  t = performance.now()
  await store.close()
  figures.push({ name: 'cache.close', value: round1(performance.now() - t), unit: 'ms' })
  if (usesBuilt) {
    const fromSource = createCacheStore({ dataDir: opts.dataDir })
    t = performance.now()
    await fromSource.open()
    figures.push({ name: 'cache.open_from_source', value: round1(performance.now() - t), unit: 'ms' })
    await fromSource.close()
  }

  for (const p of pageSizes) {
    const prefix = `cache.page_${p.pageSize}.${p.db}`
    figures.push(
      { name: `${prefix}_size`, value: mb(p.bytes), unit: 'MB' },
      { name: `${prefix}_export`, value: round1(p.exportMs), unit: 'ms' },
      { name: `${prefix}_write`, value: round1(p.writeMs), unit: 'ms' },
      { name: `${prefix}_load`, value: round1(p.loadMs), unit: 'ms' },
    )
  }
  return figures
}

/** Runs this file in a child process with `args`; it prints its result as a `RESULT <json>` line. */
function inChild<T>(args: string[]): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', THIS_FILE, ...args], {
      stdio: ['ignore', 'pipe', 'inherit'],
    })
    let out = ''
    child.stdout.setEncoding('utf8')
    child.stdout.on('data', (chunk: string) => (out += chunk))
    child.on('error', reject)
    child.on('exit', (code) => {
      const line = out.split('\n').find((l) => l.startsWith('RESULT '))
      if (code !== 0 || !line) reject(new Error(`bench child ${args[0]} failed (exit ${code}): ${out}`))
      else resolve(JSON.parse(line.slice(7)) as T)
    })
  })
}

/** Child side: fill the cache with a generated fleet. */
async function fill(
  dataDir: string,
  machines: number,
  logs: number,
  revisionsPerPart: number,
): Promise<FillResult> {
  let t = performance.now()
  const generated = generateFleet({ machines, logs, revisionsPerPart })
  const generateMs = performance.now() - t
  const store = createCacheStore({ dataDir })
  await store.open()
  t = performance.now()
  await store.importFleet(generated.fleet)
  const importMs = performance.now() - t
  t = performance.now()
  await store.appendLogs(generated.logs)
  const logsMs = performance.now() - t
  await store.close()
  return { generateMs, importMs, logsMs }
}

/**
 * Child side: the filled databases rebuilt (VACUUM) at each page size: file size, export time
 * (median of 3), atomic write time and load time.
 */
async function comparePageSizes(dataDir: string): Promise<PageSizeResult> {
  const SQL = await initSqlJs()
  const pageSizes: PageSizeResult = []
  const scratch = join(dataDir, 'page-size-scratch.sqlite')
  for (const [db, file] of [
    ['main', MAIN_FILE],
    ['logs', LOGS_FILE],
  ] as const) {
    for (const pageSize of PAGE_SIZES) {
      const original = new SQL.Database(readFileSync(join(dataDir, file)))
      original.exec(`PRAGMA page_size = ${pageSize}; VACUUM;`)
      const bytes = original.export()
      original.close()
      const exportMs = median(3, () => {
        const loaded = new SQL.Database(bytes)
        const s = performance.now()
        loaded.export()
        const ms = performance.now() - s
        loaded.close()
        return ms
      })
      const loadMs = median(3, () => {
        const s = performance.now()
        const loaded = new SQL.Database(bytes)
        loaded.exec('SELECT count(*) FROM sqlite_master')
        const ms = performance.now() - s
        loaded.close()
        return ms
      })
      const t = performance.now()
      await writeFileAtomic(scratch, bytes)
      const writeMs = performance.now() - t
      pageSizes.push({ db, pageSize, bytes: bytes.length, exportMs, writeMs, loadMs })
    }
  }
  rmSync(scratch, { force: true })
  return pageSizes
}

function median(runs: number, measure: () => number): number {
  const values = Array.from({ length: runs }, measure).sort((a, b) => a - b)
  return values[Math.floor(runs / 2)] as number
}

function printTable(figures: BenchFigure[]): void {
  const byName = new Map(figures.map((f) => [f.name, f]))
  const plain = figures.filter((f) => !f.name.startsWith('cache.page_'))
  for (const f of plain) console.log(`${f.name.padEnd(36)} ${String(f.value).padStart(9)} ${f.unit}`)
  console.log(`\npage size comparison (default ${DEFAULT_PAGE_SIZE}):`)
  console.log(
    'page size | main MB | export ms | write ms | load ms || logs MB | export ms | write ms | load ms',
  )
  for (const size of PAGE_SIZES) {
    const v = (db: string, what: string): string =>
      String(byName.get(`cache.page_${size}.${db}_${what}`)?.value ?? '-').padStart(7)
    console.log(
      `${String(size).padStart(9)} | ${v('main', 'size')} | ${v('main', 'export').padStart(9)} | ${v('main', 'write').padStart(8)} | ${v('main', 'load')} || ` +
        `${v('logs', 'size')} | ${v('logs', 'export').padStart(9)} | ${v('logs', 'write').padStart(8)} | ${v('logs', 'load')}`,
    )
  }
}

async function cli(): Promise<void> {
  const args = process.argv.slice(2)
  const arg = (name: string, fallback: number): number => {
    const i = args.indexOf(`--${name}`)
    return i >= 0 ? Number(args[i + 1]) : fallback
  }
  const machines = arg('machines', 10_000)
  const logs = arg('logs', 200_000)
  const revisionsPerPart = arg('revisions', 20)
  if (args[0] === '--fill') {
    console.log(`RESULT ${JSON.stringify(await fill(args[1] as string, machines, logs, revisionsPerPart))}`)
    return
  }
  if (args[0] === '--page-sizes') {
    console.log(`RESULT ${JSON.stringify(await comparePageSizes(args[1] as string))}`)
    return
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'fleetdesk-cache-bench-'))
  try {
    console.log(
      `cache bench: ${machines} machines, ${logs} log entries, ${revisionsPerPart} revisions per part`,
    )
    printTable(await runCacheBench({ machines, logs, revisionsPerPart, dataDir }))
  } finally {
    rmSync(dataDir, { recursive: true, force: true })
  }
}

if (process.argv[1] && fileURLToPath(pathToFileURL(process.argv[1])) === THIS_FILE) {
  cli().catch((err: unknown) => {
    console.error(err)
    process.exit(1)
  })
}
