import { spawn, type ChildProcess } from 'node:child_process'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { openSerialLink } from '../src/main/serial/link/openSerialLink'
import { createFramedLink, openLockedPort } from '../src/net/serial/createFramedLink'
import { RobotClient } from '../src/shared/robot/RobotClient'
import { createPtyPair } from '../tests/support/ptyPair'
import type { BenchLine } from './launchBench'

// The serial transport over socat pseudo-terminals (docs/serial-protocol.md): how much of the wire
// is payload, a component call's round trip beside the raw pty echo measured in the same run, and
// how many messages a second a session carries.

const CALLS = 1000
const ECHOES = 1000
const WARMUP = 100
const THROUGHPUT_CALLS = 3000
const IN_FLIGHT = 32

const percentile = (sorted: number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? NaN
const round = (n: number, digits = 3): number => Number(n.toFixed(digits))

/**
 * Payload bytes over wire bytes for a burst of 1 KiB JSON messages, counted as the link writes them
 * to a pty (its bytesOut), so the delimiters it really sends are counted.
 */
export async function framingEfficiency(messages = 200): Promise<number> {
  const prefix = '{"jsonrpc":"2.0","method":"notify","params":{"data":"'
  const suffix = '"}}'
  const message = prefix + 'x'.repeat(1024 - prefix.length - suffix.length) + suffix
  const payloadBytes = new TextEncoder().encode(message).length
  const pair = await createPtyPair()
  try {
    const sender = createFramedLink(await openLockedPort({ path: pair.a, baudRate: 115200 }))
    const receiver = createFramedLink(await openLockedPort({ path: pair.b, baudRate: 115200 }))
    let received = 0
    const all = new Promise<void>((resolve) =>
      receiver.channel.onMessage(() => {
        if (++received === messages) resolve()
      }),
    )
    for (let i = 0; i < messages; i++) sender.channel.send(message)
    await all
    const wire = sender.stats().bytesOut
    await sender.close()
    await receiver.close()
    return (payloadBytes * messages) / wire
  } finally {
    await pair.dispose()
  }
}

async function waitExit(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return
  const exited = new Promise((resolve) => child.once('exit', resolve))
  child.kill('SIGTERM')
  await exited
}

/**
 * A round trip of one frame the size of a component call request, echoed at the far end of a pty
 * by `echoer`: socat (the bare pty), or a Node process with the link the agent uses (the serial
 * stack under the robot protocol, as webrtcBench's ping is the data channel under it).
 */
async function echoRtts(echoer: (path: string) => ChildProcess): Promise<number[]> {
  const pair = await createPtyPair()
  const echo = echoer(pair.b)
  try {
    const link = createFramedLink(await openLockedPort({ path: pair.a, baudRate: 115200 }))
    // The size of a component call request as the client sends it.
    const message = JSON.stringify({
      jsonrpc: '2.0',
      id: 123,
      method: 'component.call',
      params: { name: 'left-motor', method: 'position', args: {} },
    })
    let waiting: (() => void) | null = null
    link.channel.onMessage(() => waiting?.())
    const once = (): Promise<void> =>
      new Promise((resolve) => {
        waiting = resolve
        link.channel.send(message)
      })
    // The echo process may take a moment to open its end.
    for (let tries = 0; tries < 100; tries++) {
      const answered = await Promise.race([
        once().then(() => true),
        new Promise((r) => setTimeout(() => r(false), 100)),
      ])
      if (answered) break
    }
    for (let i = 0; i < WARMUP; i++) await once()
    const rtts: number[] = []
    for (let i = 0; i < ECHOES; i++) {
      const t = performance.now()
      await once()
      rtts.push(performance.now() - t)
    }
    await link.close()
    return rtts.sort((a, b) => a - b)
  } finally {
    await waitExit(echo)
    await pair.dispose()
  }
}

/** Starts `npm run sim -- --count 1 --serial PATH` in its own process, as on a robot. */
function spawnSerialSim(
  root: string,
  path: string,
): { child: ChildProcess; ready: Promise<{ partId: string; secret: string }> } {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'src/agent/sim/main.ts',
      '--count',
      '1',
      '--serial',
      path,
      '--seed',
      `serial-bench-${process.pid}`,
    ],
    {
      cwd: root,
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, FLEETDESK_MDNS_INTERFACE: '127.0.0.1' },
    },
  )
  const ready = new Promise<{ partId: string; secret: string }>((resolve, reject) => {
    let secret = ''
    child.once('exit', (code) => reject(new Error(`simulator exited (${code})`)))
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const sim = /^SIM \S+ part=\S+ address=\S+ secret=(\S+)$/.exec(line)
      if (sim) secret = sim[1]!
      const serial = /^SIM-SERIAL \S+ part=(\S+) /.exec(line)
      if (serial) resolve({ partId: serial[1]!, secret })
    })
  })
  return { child, ready }
}

export async function runSerialBench(root: string): Promise<BenchLine[]> {
  const lines: BenchLine[] = []
  lines.push({
    name: 'serial_framing_efficiency_1kib_json',
    value: round(await framingEfficiency(), 4),
    unit: 'ratio',
  })

  const bare = await echoRtts((path) =>
    spawn('socat', [`GOPEN:${path},raw,echo=0`, 'PIPE'], { stdio: 'ignore' }),
  )
  const bareMedian = percentile(bare, 0.5)
  lines.push({ name: 'serial_raw_pty_echo_rtt_median', value: round(bareMedian), unit: 'ms' })
  lines.push({ name: 'serial_raw_pty_echo_rtt_p99', value: round(percentile(bare, 0.99)), unit: 'ms' })
  const linked = await echoRtts((path) =>
    spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--echo', path], {
      cwd: root,
      stdio: 'ignore',
    }),
  )
  const linkMedian = percentile(linked, 0.5)
  lines.push({ name: 'serial_link_echo_rtt_median', value: round(linkMedian), unit: 'ms' })
  lines.push({ name: 'serial_link_echo_rtt_p99', value: round(percentile(linked, 0.99)), unit: 'ms' })

  const pair = await createPtyPair()
  const sim = spawnSerialSim(root, pair.b)
  try {
    const agent = await sim.ready
    const link = await openSerialLink({ path: pair.a, baudRate: 115200 })
    const client = new RobotClient(link.channel, { clientName: 'serial bench' })
    try {
      await client.hello({ kind: 'secret', partId: agent.partId, secret: agent.secret })
      for (let i = 0; i < WARMUP; i++) await client.callComponent('left-motor', 'position', {})
      const rtts: number[] = []
      for (let i = 0; i < CALLS; i++) {
        const t = performance.now()
        await client.callComponent('left-motor', 'position', {})
        rtts.push(performance.now() - t)
      }
      rtts.sort((a, b) => a - b)
      const median = percentile(rtts, 0.5)
      lines.push({ name: 'serial_component_call_rtt_median', value: round(median), unit: 'ms' })
      lines.push({ name: 'serial_component_call_rtt_p99', value: round(percentile(rtts, 0.99)), unit: 'ms' })
      lines.push({
        name: 'serial_component_call_vs_raw_echo_ratio',
        value: round(median / bareMedian, 2),
        unit: 'x',
      })
      lines.push({
        name: 'serial_component_call_vs_link_echo_ratio',
        value: round(median / linkMedian, 2),
        unit: 'x',
      })

      // Throughput: calls kept IN_FLIGHT deep; each is a request and an answer on the wire.
      let next = 0
      let done = 0
      const started = performance.now()
      const worker = async (): Promise<void> => {
        while (next < THROUGHPUT_CALLS) {
          next++
          await client.callComponent('left-motor', 'position', {})
          done++
        }
      }
      await Promise.all(Array.from({ length: IN_FLIGHT }, worker))
      const seconds = (performance.now() - started) / 1000
      lines.push({ name: 'serial_messages_per_s', value: round((2 * done) / seconds, 0), unit: 'msg/s' })
      lines.push({ name: 'serial_component_calls_per_s', value: round(done / seconds, 0), unit: 'calls/s' })
      const stats = link.stats()
      lines.push({
        name: 'serial_frames_dropped',
        value: stats.framesDropped.badCrc + stats.framesDropped.badCobs + stats.framesDropped.oversized,
        unit: 'frames',
      })
    } finally {
      client.close()
      await link.close()
    }
  } finally {
    await waitExit(sim.child)
    await pair.dispose()
  }
  return lines
}

/** `--echo PATH`: the far end for serial_link_echo: every message comes back as it came. */
async function runEcho(path: string): Promise<void> {
  const link = createFramedLink(await openLockedPort({ path, baudRate: 115200 }))
  link.channel.onMessage((message) => link.channel.send(message))
  link.onClose(() => process.exit(0))
  process.once('SIGTERM', () => void link.close().then(() => process.exit(0)))
}

// `npx tsx bench/serialBench.ts`: this bench alone (bench/run.ts runs it with the others).
const echoAt = process.argv.indexOf('--echo')
if (process.argv[1] === fileURLToPath(import.meta.url) && echoAt > 0) {
  void runEcho(process.argv[echoAt + 1] ?? '')
} else if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const root = fileURLToPath(new URL('..', import.meta.url))
  runSerialBench(root).then(
    (lines) => {
      for (const l of lines) console.log(`BENCH ${l.name} ${l.value} ${l.unit}`)
    },
    (err: unknown) => {
      console.error(err)
      process.exit(1)
    },
  )
}
