import { spawn, type ChildProcess } from 'node:child_process'
import { TEST_KEY_SECRET } from '../../support/testSealKey'

/** A hub as its own process (`src/hub/main.ts` through tsx), for tests that kill it. */
export interface HubProcess {
  url: string
  child: ChildProcess
  /** SIGKILL, and wait for the exit. */
  kill(): Promise<void>
}

export async function startHubProcess(
  dataDir: string,
  env: NodeJS.ProcessEnv = {},
  args: readonly string[] = [],
): Promise<HubProcess> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'src/hub/main.ts', '--port', '0', '--data-dir', dataDir, ...args],
    {
      // The harness's key: fixtures seeded before the process starts are sealed under it.
      env: { ...process.env, FLEETDESK_HUB_KEY_SECRET: TEST_KEY_SECRET, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  )
  let output = ''
  const url = await new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer): void => {
      output += chunk.toString()
      const match = /listening on (http:\/\/[^\s]+)/.exec(output)
      if (match) resolve(match[1] as string)
    }
    child.stdout?.on('data', onData)
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.once('exit', (code) => reject(new Error(`the hub exited (${code}) before listening:\n${output}`)))
  })
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve()
    else child.once('exit', () => resolve())
  })
  return {
    url,
    child,
    async kill() {
      child.kill('SIGKILL')
      await exited
    },
  }
}
