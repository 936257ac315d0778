import { spawn, execFileSync, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { generateFleet, type GeneratedFleet } from '../../../src/main/fixture/generateFleet'

const root = fileURLToPath(new URL('../../..', import.meta.url))
const entry = (name: string): string => join(root, 'out', 'main', `${name}.js`)

const FIXTURE = { revisionsPerPart: 5, logs: 1000, seed: 42 }

/** Fills a fresh data folder with the fixture fleet (the real `npm run fixture` entry). */
export function makeFixtureDir(machines: number): string {
  const dir = mkdtempSync(join(tmpdir(), 'fleetdesk-e2e-'))
  const args = [
    '--machines',
    String(machines),
    '--revisions',
    String(FIXTURE.revisionsPerPart),
    '--logs',
    String(FIXTURE.logs),
    '--seed',
    String(FIXTURE.seed),
  ]
  execFileSync(process.execPath, [entry('fixture'), ...args, '--data-dir', dir, '--quiet'], {
    stdio: ['ignore', 'ignore', 'inherit'],
  })
  return dir
}

/** The same fleet the fixture entry wrote (the generator is deterministic), to name machines and users. */
export function fixtureFleet(machines: number): GeneratedFleet {
  return generateFleet({ machines, ...FIXTURE })
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true })
}

export interface FleetServer {
  url: string
  process: ChildProcess
  /** What the server (and, with --demo-robots, its simulated robots) wrote to stderr so far. */
  stderr(): string
  /** Stops the server the way a user would (SIGTERM: final snapshot, clean exit). */
  stop(): Promise<number | null>
  /** Kills it without warning (SIGKILL): nothing gets to flush. */
  kill(): Promise<void>
}

/** Starts browser mode (`out/main/serve.js`) on a free port and resolves with its printed URL. */
export function startFleetServer(
  dataDir: string,
  options: { as?: string; args?: readonly string[] } = {},
): Promise<FleetServer> {
  const args = [
    entry('serve'),
    '--port',
    '0',
    '--data-dir',
    dataDir,
    ...(options.as ? ['--as', options.as] : []),
    ...(options.args ?? []),
  ]
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] })
  let stderr = ''
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()))
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  return new Promise((resolve, reject) => {
    let out = ''
    const timer = setTimeout(() => reject(new Error(`browser mode did not start in 20 s: ${stderr}`)), 20_000)
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString()
      const match = /Fleetdesk at (http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/.exec(out)
      if (!match?.[1]) return
      clearTimeout(timer)
      resolve({
        url: match[1],
        process: child,
        stderr: () => stderr,
        stop: async () => {
          child.kill('SIGTERM')
          return exited
        },
        kill: async () => {
          child.kill('SIGKILL')
          await exited
        },
      })
    })
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`browser mode exited with ${code}: ${stderr}`))
    })
  })
}
