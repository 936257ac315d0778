import { spawn } from 'node:child_process'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { createWebRtcTransport } from '../src/agent/transports/webrtcTransport'
import { parseAllowedNetworks } from '../src/net/webrtc/candidateFilter'
import { connectWebRtc } from '../src/main/robots/webrtc/connectWebRtc'
import type { PeerChannel } from '../src/net/webrtc/PeerChannel'
import type { BenchLine } from './launchBench'

const FILTER = parseAllowedNetworks('127.0.0.1')
const SETUPS = 10
const PINGS = 1000
const BULK_MESSAGE_CHARS = 256 * 1024
const BULK_TOTAL_CHARS = 32 * 1024 * 1024

/**
 * WebRTC over loopback between two processes, as the desktop and an agent use it: session setup
 * (offer, HTTP signaling, answer, ICE, DTLS, SCTP, data channel open), the round trip of a small
 * message through the session's MessageChannel (no RPC on top), and one-way throughput in 256 KiB
 * messages. The agent side is this file run as a script with `--agent`.
 */
export async function runWebRtcBench(): Promise<BenchLine[]> {
  const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--agent'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  try {
    const port = await new Promise<number>((resolve, reject) => {
      child.once('exit', (code) => reject(new Error(`bench agent exited (${code})`)))
      createInterface({ input: child.stdout }).on('line', (line) => {
        const m = /^listening (\d+)$/.exec(line)
        if (m) resolve(Number(m[1]))
      })
    })
    const connect = (): Promise<PeerChannel> =>
      connectWebRtc({
        signalUrl: `http://127.0.0.1:${port}/signal`,
        candidateFilter: FILTER,
        timeoutMs: 10_000,
      })

    const setups: number[] = []
    for (let i = 0; i < SETUPS; i++) {
      const start = performance.now()
      const channel = await connect()
      setups.push(performance.now() - start)
      channel.close()
    }

    const channel = await connect()
    try {
      const rtts = await pingRoundTrips(channel, PINGS)
      const throughput = await bulkThroughput(channel)
      return [
        { name: 'webrtc_setup_first', value: round(setups[0] ?? NaN), unit: 'ms' },
        { name: 'webrtc_setup_median', value: round(percentile(setups.slice(1), 50)), unit: 'ms' },
        { name: 'webrtc_channel_rtt_median', value: round(percentile(rtts, 50), 3), unit: 'ms' },
        { name: 'webrtc_channel_rtt_p99', value: round(percentile(rtts, 99), 3), unit: 'ms' },
        { name: 'webrtc_channel_throughput', value: round(throughput, 1), unit: 'MB/s' },
      ]
    } finally {
      channel.close()
    }
  } finally {
    child.kill('SIGTERM')
  }
}

async function pingRoundTrips(channel: PeerChannel, count: number): Promise<number[]> {
  const rtts: number[] = []
  let pending: (() => void) | null = null
  const off = channel.onMessage(() => pending?.())
  try {
    for (let i = 0; i < count + 50; i++) {
      const start = performance.now()
      await new Promise<void>((resolve) => {
        pending = resolve
        channel.send(`ping:${i}`)
      })
      // The first 50 warm up (JIT, SCTP congestion window).
      if (i >= 50) rtts.push(performance.now() - start)
    }
  } finally {
    off()
  }
  return rtts
}

/** MB/s (10^6 bytes) of ASCII text the agent received, measured until it acknowledges the last part. */
async function bulkThroughput(channel: PeerChannel): Promise<number> {
  const message = 'x'.repeat(BULK_MESSAGE_CHARS)
  const done = new Promise<void>((resolve) => {
    const off = channel.onMessage((m) => {
      if (m.startsWith('bulk-ok')) {
        off()
        resolve()
      }
    })
  })
  const start = performance.now()
  for (let sent = 0; sent < BULK_TOTAL_CHARS; sent += BULK_MESSAGE_CHARS) channel.send(message)
  channel.send('bulk-end')
  await done
  return BULK_TOTAL_CHARS / 1e6 / ((performance.now() - start) / 1000)
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN
}

function round(value: number, digits = 1): number {
  return Number(value.toFixed(digits))
}

/** The agent side: echoes pings, counts bulk text and acknowledges it. */
async function runBenchAgent(): Promise<void> {
  const transport = createWebRtcTransport({
    host: '127.0.0.1',
    port: 0,
    candidateFilter: FILTER,
    health: () => ({ partId: 'bench', machineName: 'bench', protocolVersion: 1 }),
  })
  await transport.start({
    attachSession(channel) {
      let received = 0
      channel.onMessage((message) => {
        if (message.startsWith('ping:')) channel.send(message)
        else if (message === 'bulk-end') channel.send(`bulk-ok ${received}`)
        else received += message.length
      })
    },
  })
  const stop = (): void => void transport.stop().then(() => process.exit(0))
  process.once('SIGTERM', stop)
  process.once('SIGINT', stop)
  console.log(`listening ${transport.port}`)
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  if (process.argv.includes('--agent')) {
    void runBenchAgent()
  } else {
    runWebRtcBench().then(
      (lines) => lines.forEach((l) => console.log(`BENCH ${l.name} ${l.value} ${l.unit}`)),
      (err: unknown) => {
        console.error(err)
        process.exitCode = 1
      },
    )
  }
}
