import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseAgentConfig } from '../../src/agent/agentConfig'
import { startAgent, type RunningAgent } from '../../src/agent/startAgent'
import { createLanTransports } from '../../src/agent/createLanTransports'

// The program the CONNECT tab shows is real: run it as a user would, against an agent on loopback.
const root = fileURLToPath(new URL('../..', import.meta.url))
const run = promisify(execFile)
const PART = 'example-part-0001'
const SECRET = 'example-secret-0123456789'

let dir: string
let agent: RunningAgent
let port: number

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'fleetdesk-example-'))
  const config = parseAgentConfig(
    {
      partId: PART,
      secret: SECRET,
      machineName: 'example-bot',
      listen: { host: '127.0.0.1', port: 0 },
      mdns: { enabled: false },
      iceNetworks: 'loopback',
      dataDir: join(dir, 'agent'),
      machineConfig: {
        components: [{ name: 'left', api: 'rdk:component:motor', model: 'fake', attributes: {} }],
      },
      log: { level: 'warn' },
    },
    dir,
  )
  const lan = createLanTransports(config)
  agent = await startAgent(config, { transports: lan.transports })
  port = lan.port()
})
afterAll(async () => {
  await agent?.stop()
  rmSync(dir, { recursive: true, force: true })
})

describe('examples/robotStatus.ts', () => {
  it('connects over WebRTC with the part secret and prints the robot status', async () => {
    const { stdout } = await run(
      process.execPath,
      [
        '--import',
        'tsx',
        join(root, 'examples', 'robotStatus.ts'),
        '--address',
        `127.0.0.1:${port}`,
        '--part',
        PART,
        '--secret',
        SECRET,
        '--networks',
        'loopback',
      ],
      { cwd: root, timeout: 60_000 },
    )
    expect(stdout).toMatch(/^example-bot: agent \S+, config revision \d+/)
    expect(stdout).toContain('left (rdk:component:motor): ready')
  })

  it('refuses a wrong secret with the robot’s reason and a failing exit code', async () => {
    const failed = await run(
      process.execPath,
      [
        '--import',
        'tsx',
        join(root, 'examples', 'robotStatus.ts'),
        '--address',
        `127.0.0.1:${port}`,
        '--part',
        PART,
        '--secret',
        'not-the-secret-at-all',
        '--networks',
        'loopback',
      ],
      { cwd: root, timeout: 60_000 },
    ).then(
      () => null,
      (err: { code?: number; stderr?: string }) => err,
    )
    expect(failed?.code).not.toBe(0)
    expect(failed?.stderr).toMatch(/secret/i)
  })
})
