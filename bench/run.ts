import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { runCacheBench } from './cacheBench'
import { runAgentHubBench } from './agentHubBench'
import { runDesktopPullBench } from './desktopPullBench'
import { runHubSyncBench } from './hubSyncBench'
import { runHubLogsBench } from './hubLogsBench'
import { runLaunchBench, type BenchLine } from './launchBench'
import { runLogsBench } from './logsBench'
import { runRobotBench } from './robotBench'
import { runSerialBench } from './serialBench'
import { runSerialConsoleBench } from './serialConsoleBench'
import { runSoakBench } from './soakBench'
import { runWebRtcBench } from './webrtcBench'

/**
 * `npm run bench`: prints `BENCH <name> <value> <unit>` lines. The fleet is the issue's: 10,000
 * machines, 200,000 cached log entries, 20 cached revisions per part (BENCH_MACHINES overrides).
 */
const root = fileURLToPath(new URL('..', import.meta.url))
const machines = Number(process.env.BENCH_MACHINES ?? 10_000)
const logs = Number(process.env.BENCH_LOGS ?? 200_000)
const revisionsPerPart = Number(process.env.BENCH_REVISIONS ?? 20)

const print = (lines: BenchLine[]): void => {
  for (const l of lines) console.log(`BENCH ${l.name} ${l.value} ${l.unit}`)
}

/**
 * `npm run bench -- cache robot` runs only the named groups, so that one figure can be measured
 * again (or compared with an older checkout) without the whole half hour. No names: every group.
 */
const groups = [
  'cache',
  'webrtc',
  'robot',
  'serial',
  'logs',
  'console',
  'hublogs',
  'soak',
  'hubsync',
  'pull',
  'agent-hub',
  'launch',
] as const
type Group = (typeof groups)[number]
const isGroup = (name: string): name is Group => (groups as readonly string[]).includes(name)
const asked = process.argv.slice(2)
const unknown = asked.filter((name) => !isGroup(name))
if (unknown.length > 0) {
  console.error(`unknown bench group ${unknown.join(', ')}; the groups are: ${groups.join(' ')}`)
  process.exit(2)
}
const wanted = (group: Group): boolean => asked.length === 0 || asked.includes(group)

async function main(): Promise<void> {
  execFileSync(
    process.execPath,
    ['-e', "import('./scripts/lib/ensureBuilt.mjs').then((m) => m.ensureBuilt())"],
    { cwd: root, stdio: 'inherit' },
  )
  console.log(
    `bench fleet: ${machines} machines, ${logs} log entries, ${revisionsPerPart} revisions per part`,
  )

  if (wanted('cache')) {
    const cacheDir = mkdtempSync(join(tmpdir(), 'fleetdesk-bench-cache-'))
    try {
      print(await runCacheBench({ machines, logs, revisionsPerPart, dataDir: cacheDir }))
    } finally {
      rmSync(cacheDir, { recursive: true, force: true })
    }
  }

  // Robot sessions: the raw data-channel ping and the component call, measured side by side.
  if (wanted('webrtc') || wanted('robot')) {
    const webrtc = await runWebRtcBench()
    print(webrtc)
    const rawPing = webrtc.find((l) => l.name.includes('rtt') && l.name.includes('median'))?.value ?? null
    if (wanted('robot')) print(await runRobotBench(root, rawPing))
  }
  // The serial transport over socat ptys: framing, call round trip beside the raw echo, throughput.
  if (wanted('serial')) print(await runSerialBench(root))
  if (wanted('logs')) print(await runLogsBench(root))
  if (wanted('console')) print(await runSerialConsoleBench(root))
  // Hub log ingestion over HTTP beside the raw INSERT rate of the same database (PGlite, PostgreSQL).
  if (wanted('hublogs')) print(await runHubLogsBench())
  if (wanted('soak')) print(await runSoakBench())
  if (wanted('hubsync')) print(await runHubSyncBench({ machines }))
  // The desktop's first full pull of that fleet from a hub process into an empty cache.
  if (wanted('pull')) print(await runDesktopPullBench({ root, machines }))

  // An agent linked to a hub: config change to reconfigured, and the log upload after an hour away.
  if (wanted('agent-hub')) print(await runAgentHubBench())

  if (wanted('launch')) await launch()
}

async function launch(): Promise<void> {
  const launchDir = mkdtempSync(join(tmpdir(), 'fleetdesk-bench-launch-'))
  try {
    execFileSync(
      process.execPath,
      [
        join(root, 'out', 'main', 'fixture.js'),
        '--machines',
        String(machines),
        '--logs',
        String(logs),
        '--revisions',
        String(revisionsPerPart),
        '--data-dir',
        launchDir,
        '--quiet',
      ],
      { stdio: 'inherit' },
    )
    print(await runLaunchBench({ root, dataDir: launchDir, runs: 3 }))
  } finally {
    rmSync(launchDir, { recursive: true, force: true })
  }
}

main().catch((err: unknown) => {
  console.error(err)
  process.exit(1)
})
