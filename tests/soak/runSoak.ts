import { spawn, type ChildProcess } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'

// The soak, shared by its test (tests/soak/sessionSoak.test.ts) and `npm run bench`
// (bench/soakBench.ts): an agent and a desktop, each in its own process, set up and tear down
// WebRTC robot sessions over loopback, while this process reads each one's resident memory, threads
// and open descriptors from /proc, after a warm-up and after each batch of sessions.
//
// Each reading is taken twice. First at rest, with no collection forced: threads and descriptors
// belong to sessions and must be released when a session closes, not whenever the garbage
// collector next runs (which, in a process with a small JS heap, can be hundreds of sessions later).
// Then after a full collection: resident memory is compared there, so that garbage not yet
// collected is not counted as a leak.

const AGENT = fileURLToPath(new URL('./fixtures/soakAgent.ts', import.meta.url))
const DESKTOP = fileURLToPath(new URL('./fixtures/soakDesktop.ts', import.meta.url))
const ROOT = fileURLToPath(new URL('../../', import.meta.url))

export interface ProcessSample {
  rssKiB: number
  threads: number
  fds: number
}

export interface ProcessReading {
  /** With no collection forced. */
  rest: ProcessSample
  /** After full collections (the children run with --expose-gc). */
  collected: ProcessSample
  heapUsedBytes: number
}

export interface SoakSample {
  /** Sessions done (after the warm-up) when the sample was taken. */
  sessions: number
  agent: ProcessReading
  desktop: ProcessReading
}

export interface SoakResult {
  sessions: number
  failures: number
  firstError: string
  /** Wall time of the measured sessions (not the warm-up, not the readings). */
  elapsedMs: number
  setupsPerSecond: number
  /** After the warm-up, then after each batch; the last one is the end of the run. */
  samples: SoakSample[]
  /** What the agent still held at the end: both should be 0. */
  agentState: { sessions: number; peers: number }
}

export interface SoakOptions {
  sessions: number
  /** Sessions set up before the first sample: JIT, allocator pools, wrtc's shared state. */
  warmup: number
  concurrency: number
  /** Samples taken along the way (at least one, the end). */
  batches?: number
}

/** Reads one process's resident memory, thread count and open descriptors from /proc. */
export function readProcessSample(pid: number): ProcessSample {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  const field = (name: string): number => {
    const match = new RegExp(`^${name}:\\s+(\\d+)`, 'm').exec(status)
    if (!match) throw new Error(`/proc/${pid}/status has no ${name}`)
    return Number(match[1])
  }
  return { rssKiB: field('VmRSS'), threads: field('Threads'), fds: readdirSync(`/proc/${pid}/fd`).length }
}

interface LineChild {
  process: ChildProcess
  pid: number
  /** Sends a line and resolves with the next stdout line starting with `prefix`. */
  ask(line: string, prefix: string): Promise<string>
  exited: Promise<number | null>
}

function spawnChild(file: string, args: string[]): { child: LineChild; first: Promise<string> } {
  const proc = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', file, ...args], {
    cwd: ROOT,
    stdio: ['pipe', 'pipe', 'inherit'],
  })
  const waiters: Array<{ prefix: string; resolve: (line: string) => void }> = []
  const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)))
  const next = (prefix: string): Promise<string> =>
    Promise.race([
      new Promise<string>((resolve) => waiters.push({ prefix, resolve })),
      exited.then((code) => {
        throw new Error(`${file} exited (${code}) while waiting for "${prefix}"`)
      }),
    ])
  createInterface({ input: proc.stdout! }).on('line', (line) => {
    const index = waiters.findIndex((w) => line.startsWith(w.prefix))
    if (index >= 0) waiters.splice(index, 1)[0]?.resolve(line)
  })
  const child: LineChild = {
    process: proc,
    pid: proc.pid ?? -1,
    ask: (line, prefix) => {
      const answer = next(prefix)
      proc.stdin!.write(`${line}\n`)
      return answer
    },
    exited,
  }
  return { child, first: next(file === AGENT ? 'listening ' : 'ready') }
}

/** Sessions between the collection after the warm-up and the first reading. */
const PRIMER_SESSIONS = 5

const json = (line: string): Record<string, number> =>
  JSON.parse(line.slice(line.indexOf(' ') + 1)) as Record<string, number>

/** Runs the soak; both children are ended before it returns or throws. */
export async function runSoak(options: SoakOptions): Promise<SoakResult> {
  const started = spawnChild(AGENT, [])
  const agent = started.child
  let desktop: LineChild | undefined
  try {
    const [, signalUrl = '', partId = '', secret = ''] = (await started.first).split(' ')
    const desktopStarted = spawnChild(DESKTOP, [signalUrl, partId, secret])
    desktop = desktopStarted.child
    await desktopStarted.first
    const d = desktop
    const run = async (
      count: number,
    ): Promise<{ elapsedMs: number; failures: number; firstError: string }> => {
      const [, , elapsed, failures, ...rest] = (
        await d.ask(`run ${count} ${options.concurrency}`, 'ran ')
      ).split(' ')
      return {
        elapsedMs: Number(elapsed),
        failures: Number(failures),
        firstError: JSON.parse(rest.join(' ')) as string,
      }
    }
    const sample = async (sessions: number): Promise<SoakSample> => {
      await agentSettled(agent)
      const rest = { agent: readProcessSample(agent.pid), desktop: readProcessSample(d.pid) }
      const [a, b] = await Promise.all([agent.ask('gc', 'gc-done'), d.ask('gc', 'gc-done')])
      const reading = (pid: number, atRest: ProcessSample, line: string): ProcessReading => ({
        rest: atRest,
        collected: readProcessSample(pid),
        heapUsedBytes: json(line).heapUsed ?? NaN,
      })
      return { sessions, agent: reading(agent.pid, rest.agent, a), desktop: reading(d.pid, rest.desktop, b) }
    }

    const warm = await run(options.warmup)
    if (warm.failures > 0) throw new Error(`warm-up: ${warm.failures} sessions failed: ${warm.firstError}`)
    // The warm-up's garbage is collected, then a few sessions run, so the first reading at rest
    // holds as little uncollected garbage as the last one would if nothing leaked.
    await Promise.all([agent.ask('gc', 'gc-done'), d.ask('gc', 'gc-done')])
    await run(PRIMER_SESSIONS)
    const samples = [await sample(0)]
    const batches = Math.max(1, options.batches ?? 1)
    let done = 0
    let elapsedMs = 0
    let failures = 0
    let firstError = ''
    for (let b = 1; b <= batches; b++) {
      const count = Math.round((options.sessions * b) / batches) - done
      const result = await run(count)
      done += count
      elapsedMs += result.elapsedMs
      failures += result.failures
      firstError ||= result.firstError
      samples.push(await sample(done))
    }
    const state = json(await agent.ask('state', 'state '))
    return {
      sessions: done,
      failures,
      firstError,
      elapsedMs,
      setupsPerSecond: done / (elapsedMs / 1000),
      samples,
      agentState: { sessions: state.sessions ?? NaN, peers: state.peers ?? NaN },
    }
  } finally {
    for (const child of [desktop, agent]) {
      if (!child) continue
      child.process.stdin?.end()
      const timer = setTimeout(() => child.process.kill('SIGKILL'), 10_000)
      await child.exited
      clearTimeout(timer)
    }
  }
}

/** The agent notices each close within milliseconds; waits (bounded) until it holds no session. */
async function agentSettled(agent: LineChild): Promise<void> {
  const until = Date.now() + 10_000
  for (;;) {
    const state = json(await agent.ask('state', 'state '))
    if ((state.sessions === 0 && state.peers === 0) || Date.now() > until) return
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}
