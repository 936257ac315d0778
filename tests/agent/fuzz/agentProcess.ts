import { spawn, type ChildProcess } from 'node:child_process'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'

// A real agent (a simulated rover: base, two motors, encoder, IMU, camera) in its own process, as on
// a robot: what a fuzzed request does to it cannot be hidden by the test process, and a native crash
// shows as an exit.
const FIXTURE = fileURLToPath(new URL('../../soak/fixtures/soakAgent.ts', import.meta.url))
const ROOT = fileURLToPath(new URL('../../../', import.meta.url))

export interface AgentProcess {
  process: ChildProcess
  signalUrl: string
  partId: string
  secret: string
  /** The exit code once it has exited (null while it runs). */
  exitCode(): number | null
  stop(): Promise<void>
}

export async function startAgentProcess(): Promise<AgentProcess> {
  const proc = spawn(process.execPath, ['--import', 'tsx', FIXTURE], {
    cwd: ROOT,
    stdio: ['pipe', 'pipe', 'inherit'],
  })
  const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)))
  const line = await Promise.race([
    new Promise<string>((resolve) => {
      const lines = createInterface({ input: proc.stdout! })
      lines.on('line', (text) => {
        if (text.startsWith('listening ')) resolve(text)
      })
    }),
    exited.then((code) => {
      throw new Error(`the agent process exited (${code}) before listening`)
    }),
  ])
  const [, signalUrl = '', partId = '', secret = ''] = line.split(' ')
  return {
    process: proc,
    signalUrl,
    partId,
    secret,
    exitCode: () => proc.exitCode,
    stop: async () => {
      if (proc.exitCode !== null) return
      // Closing stdin stops it cleanly; it is killed if it has not exited 10 s later.
      proc.stdin?.end()
      const timer = setTimeout(() => proc.kill('SIGKILL'), 10_000)
      await exited
      clearTimeout(timer)
    },
  }
}
