import { fileURLToPath } from 'node:url'
import { runSoak, type ProcessReading } from '../tests/soak/runSoak'
import type { BenchLine } from './launchBench'

// The session soak at bench size: 500 WebRTC robot sessions set up and torn down (hello, a motor
// command and its stop, a status read, close), two at a time, between an agent and a desktop, each in
// its own process (see tests/soak/runSoak.ts; the test runs 200). Memory is read after full
// collections, threads and descriptors at rest (no collection forced), after a 150-session warm-up
// and at the end.
const SESSIONS = Number(process.env.BENCH_SOAK_SESSIONS ?? 500)
const WARMUP = 150

export async function runSoakBench(): Promise<BenchLine[]> {
  const result = await runSoak({ sessions: SESSIONS, warmup: WARMUP, concurrency: 2, batches: 5 })
  if (result.failures > 0) throw new Error(`soak: ${result.failures} sessions failed: ${result.firstError}`)
  const first = result.samples[0]!
  const last = result.samples[result.samples.length - 1]!
  const lines: BenchLine[] = [
    { name: 'soak_sessions', value: result.sessions, unit: 'count' },
    { name: 'soak_session_setups_per_s', value: round(result.setupsPerSecond), unit: 'sessions/s' },
  ]
  for (const who of ['agent', 'desktop'] as const) {
    const figures = (when: 'before' | 'after', r: ProcessReading): BenchLine[] => [
      { name: `soak_${who}_rss_${when}`, value: round(r.collected.rssKiB / 1024), unit: 'MB' },
      { name: `soak_${who}_heap_${when}`, value: round(r.heapUsedBytes / 2 ** 20), unit: 'MB' },
      { name: `soak_${who}_threads_${when}`, value: r.rest.threads, unit: 'count' },
      { name: `soak_${who}_fds_${when}`, value: r.rest.fds, unit: 'count' },
    ]
    lines.push(...figures('before', first[who]), ...figures('after', last[who]))
  }
  return lines
}

function round(value: number): number {
  return Number(value.toFixed(1))
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  runSoakBench().then(
    (lines) => lines.forEach((l) => console.log(`BENCH ${l.name} ${l.value} ${l.unit}`)),
    (err: unknown) => {
      console.error(err)
      process.exitCode = 1
    },
  )
}
