import { spawn, type ChildProcess } from 'node:child_process'
import { createInterface } from 'node:readline'
import { DiscoveryBrowser } from '../src/main/robots/discovery/DiscoveryBrowser'
import { connectWebRtc } from '../src/main/robots/webrtc/connectWebRtc'
import { parseAllowedNetworks } from '../src/net/webrtc/candidateFilter'
import { RobotClient } from '../src/shared/robot/RobotClient'
import type { BenchLine } from './launchBench'

const MDNS = { interface: '127.0.0.1', bind: '0.0.0.0' }
const CALLS = 2000
const RATE_HZ = 200
const RATE_SECONDS = 5

export interface SimAgentLine {
  machineName: string
  partId: string
  host: string
  port: number
  secret: string
  /** performance.now() in this process when the line was read. */
  at: number
}

/** Starts the simulator in its own process (as on a robot) and resolves with its agents as they come up. */
export function spawnSim(
  root: string,
  count: number,
  seed: string,
): { child: ChildProcess; agents: Promise<SimAgentLine[]> } {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'src/agent/sim/main.ts', '--count', String(count), '--seed', seed],
    {
      cwd: root,
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, FLEETDESK_MDNS_INTERFACE: '127.0.0.1' },
    },
  )
  const agents = new Promise<SimAgentLine[]>((resolve, reject) => {
    const found: SimAgentLine[] = []
    child.once('exit', (code) => reject(new Error(`simulator exited (${code})`)))
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const m = /^SIM (\S+) part=(\S+) address=(\S+):(\d+) secret=(\S+)$/.exec(line)
      if (m)
        found.push({
          machineName: m[1]!,
          partId: m[2]!,
          host: m[3]!,
          port: Number(m[4]),
          secret: m[5]!,
          at: performance.now(),
        })
      if (found.length === count) resolve(found)
    })
  })
  return { child, agents }
}

const percentile = (sorted: number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? NaN
const round = (n: number, digits = 3): number => Number(n.toFixed(digits))

/**
 * The robot session as the desktop uses it, against a simulated agent in another process over
 * loopback: discovery latency, component-call round trips (to compare with the raw data-channel ping
 * measured in the same run), and a sustained 200 calls/s to one motor.
 */
export async function runRobotBench(root: string, rawPingMedianMs: number | null): Promise<BenchLine[]> {
  const lines: BenchLine[] = []
  const browser = new DiscoveryBrowser({ mdns: MDNS })
  const seen = new Map<string, number>()
  browser.on('up', (a) => {
    if (!seen.has(a.partId)) seen.set(a.partId, performance.now())
  })
  browser.start()
  const spawnedAt = performance.now()
  const sim = spawnSim(root, 3, `bench-${process.pid}`)
  try {
    const agents = await sim.agents
    const deadline = performance.now() + 5000
    while (agents.some((a) => !seen.has(a.partId)) && performance.now() < deadline)
      await new Promise((r) => setTimeout(r, 5))
    // From the agent reporting itself up (it prints after its advertisement went out; the browser
    // can hear the announcement before the line arrives, hence the clamp at 0), and from the moment
    // the robot's process was spawned (Node and TypeScript start-up included).
    const fromReady = Math.max(0, ...agents.map((a) => (seen.get(a.partId) ?? NaN) - a.at))
    const fromSpawn = Math.max(...agents.map((a) => (seen.get(a.partId) ?? NaN) - spawnedAt))
    lines.push({ name: 'discovery_latency_from_agent_up', value: round(fromReady, 1), unit: 'ms' })
    lines.push({ name: 'discovery_latency_from_process_spawn', value: round(fromSpawn, 1), unit: 'ms' })

    const rover = agents[0]!
    const channel = await connectWebRtc({
      signalUrl: `http://${rover.host}:${rover.port}/signal`,
      candidateFilter: parseAllowedNetworks('loopback'),
      timeoutMs: 10_000,
    })
    const client = new RobotClient(channel, { clientName: 'bench' })
    try {
      await client.hello({ kind: 'secret', partId: rover.partId, secret: rover.secret })
      for (let i = 0; i < 200; i++) await client.callComponent('left-motor', 'position', {})
      const rtts: number[] = []
      for (let i = 0; i < CALLS; i++) {
        const t = performance.now()
        await client.callComponent('left-motor', 'position', {})
        rtts.push(performance.now() - t)
      }
      rtts.sort((a, b) => a - b)
      const median = percentile(rtts, 0.5)
      lines.push({ name: 'component_call_rtt_median', value: round(median), unit: 'ms' })
      lines.push({ name: 'component_call_rtt_p99', value: round(percentile(rtts, 0.99)), unit: 'ms' })
      if (rawPingMedianMs)
        lines.push({
          name: 'component_call_vs_raw_ping_ratio',
          value: round(median / rawPingMedianMs, 2),
          unit: 'x',
        })

      // Sustained: one setPower every 5 ms for 5 s, each awaited independently; a loss is a call
      // that failed or was not answered by the end.
      const total = RATE_HZ * RATE_SECONDS
      let ok = 0
      let failed = 0
      const started = performance.now()
      const inflight: Array<Promise<void>> = []
      for (let i = 0; i < total; i++) {
        const due = started + (i * 1000) / RATE_HZ
        const wait = due - performance.now()
        if (wait > 1) await new Promise((r) => setTimeout(r, wait))
        inflight.push(
          client.callComponent('left-motor', 'setPower', { power: ((i % 20) - 10) / 20 }).then(
            () => void ok++,
            () => void failed++,
          ),
        )
      }
      await Promise.all(inflight)
      const seconds = (performance.now() - started) / 1000
      await client.callComponent('left-motor', 'stop', {})
      lines.push({ name: 'motor_command_rate_sustained', value: round(ok / seconds, 1), unit: 'calls/s' })
      // Every call is awaited above, so a call not answered OK is one refused or lost.
      lines.push({ name: 'motor_command_lost', value: total - ok, unit: 'calls' })
    } finally {
      client.close()
    }
  } finally {
    await browser.dispose()
    sim.child.kill('SIGTERM')
    await new Promise((r) => sim.child.once('exit', r))
  }
  return lines
}
