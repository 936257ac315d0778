import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { eventually } from './eventually'

// A pair of connected pseudo-terminals made by socat, reached through two stable paths (`a`, `b`):
// what a USB-serial cable looks like to both ends, with no hardware. `kill()` makes the pair
// vanish as an unplugged cable does; `recreate()` brings a new pair back at the same paths.

export interface PtyPair {
  /** One end (the desktop's side in the tests). */
  readonly a: string
  /** The other end (the agent's or device's side). */
  readonly b: string
  readonly dir: string
  /** Ends socat (both ptys go away, their links are removed) and resolves once it has exited. */
  kill(): Promise<void>
  /** Stops socat forwarding (SIGSTOP): bytes written now sit in the pty until it dies or thaws. */
  freeze(): void
  /** Starts a new pair at the same paths; resolves when both exist. */
  recreate(): Promise<void>
  /** Kills the pair and removes the folder. */
  dispose(): Promise<void>
}

export async function createPtyPair(
  dir: string = mkdtempSync(join(tmpdir(), 'fleetdesk-pty-')),
): Promise<PtyPair> {
  const a = join(dir, 'a')
  const b = join(dir, 'b')
  let child: ChildProcess | null = null
  let frozen = false
  let exited: Promise<void> = Promise.resolve()

  const start = async (): Promise<void> => {
    // A link left by a socat that was killed hard would make the new one fail.
    rmSync(a, { force: true })
    rmSync(b, { force: true })
    const proc = spawn('socat', ['-d', '-d', `pty,raw,echo=0,link=${a}`, `pty,raw,echo=0,link=${b}`], {
      stdio: ['ignore', 'ignore', 'pipe'],
    })
    let stderr = ''
    proc.stderr?.on('data', (d: Buffer) => (stderr += d.toString()))
    child = proc
    exited = new Promise((resolve) => proc.once('exit', () => resolve()))
    await eventually(`socat pty pair at ${dir}`, () => {
      if (proc.exitCode !== null) throw new Error(`socat exited (${proc.exitCode}): ${stderr}`)
      return existsSync(a) && existsSync(b) && /starting data transfer loop/.test(stderr) ? true : undefined
    })
  }

  const kill = async (): Promise<void> => {
    const proc = child
    child = null
    if (!proc || proc.exitCode !== null) return
    // A stopped socat cannot act on SIGTERM; SIGKILL ends it either way (the links are removed here).
    proc.kill(frozen ? 'SIGKILL' : 'SIGTERM')
    frozen = false
    await exited
    rmSync(a, { force: true })
    rmSync(b, { force: true })
  }

  await start()
  return {
    a,
    b,
    dir,
    kill,
    freeze: () => {
      frozen = child?.kill('SIGSTOP') ?? false
    },
    recreate: async () => {
      await kill()
      await start()
    },
    dispose: async () => {
      await kill()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
