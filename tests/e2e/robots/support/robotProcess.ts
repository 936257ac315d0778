import { fork, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { fileURLToPath } from 'node:url'
import type { LogLevel } from '../../../../src/shared/domain/logLevel'
import type { ChildReply, ChildRequest } from './robotChildMessages'

// The test's side of robotChild.ts: starts one agent in a child process and talks to it over IPC.

const CHILD = fileURLToPath(new URL('./robotChild.ts', import.meta.url))
const REPLY_BOUND_MS = 60_000
const STOP_BOUND_MS = 30_000

export interface RobotProcessHandle {
  readonly port: number
  /** Writes a line into the robot's own log, as if a component had logged it. */
  writeLog(level: LogLevel, logger: string, message: string, fields?: Record<string, unknown>): Promise<void>
  /** Stops the agent cleanly (sessions ended, mDNS goodbye) and waits for the process to end. */
  stop(): Promise<void>
}

export function startRobotProcess(
  config: Record<string, unknown>,
  dataDir: string,
): Promise<RobotProcessHandle> {
  const child = fork(CHILD, [], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'pipe', 'ipc'],
    env: { ...process.env, FLEETDESK_MDNS_INTERFACE: '127.0.0.1' },
  })
  let stderr = ''
  child.stderr?.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)))
  const exited = new Promise<NodeJS.Signals | number | null>((resolve) =>
    child.once('exit', (code, signal) => resolve(signal ?? code)),
  )
  const reply = <K extends ChildReply['op']>(op: K): Promise<ReplyOf<K>> =>
    nextReply(child, op, exited, () => stderr, REPLY_BOUND_MS)
  send(child, { op: 'start', config, dataDir })
  return reply('ready').then((ready) => {
    return {
      port: ready.port,
      async writeLog(level, logger, message, fields = {}) {
        send(child, { op: 'log', level, logger, message, fields })
        await reply('logged')
      },
      async stop() {
        if (child.exitCode !== null || child.signalCode !== null) return
        send(child, { op: 'stop' })
        const timer = setTimeout(() => child.kill('SIGKILL'), STOP_BOUND_MS)
        const end = await exited
        clearTimeout(timer)
        // The known wrtc crash on close (see robotChild.ts) ends only this robot, after the test's
        // assertions: say so rather than fail a test that proved what it set out to.
        if (typeof end === 'string') console.warn(`test robot process ended by ${end} while stopping`)
      },
    }
  })
}

function send(child: ChildProcess, request: ChildRequest): void {
  child.send(request)
}

type ReplyOf<K extends ChildReply['op']> = Extract<ChildReply, { op: K }>

/**
 * The reply to the request just sent (the test awaits each request, so replies come in order); a
 * failure, an early exit or silence past the bound rejects.
 */
async function nextReply<K extends ChildReply['op']>(
  child: ChildProcess,
  op: K,
  exited: Promise<NodeJS.Signals | number | null>,
  stderr: () => string,
  boundMs: number,
): Promise<ReplyOf<K>> {
  const died = exited.then((end) => {
    throw new Error(`the test robot process ended (${String(end)}): ${stderr()}`)
  })
  const [message] = (await Promise.race([
    once(child, 'message', { signal: AbortSignal.timeout(boundMs) }).catch(() => {
      throw new Error(`the test robot did not answer "${op}" within ${boundMs / 1000} s: ${stderr()}`)
    }),
    died,
  ])) as [ChildReply]
  if (message.op === 'failed') throw new Error(`the test robot failed: ${message.message}`)
  if (message.op !== op) throw new Error(`the test robot answered "${message.op}", not "${op}"`)
  return message as ReplyOf<K>
}
