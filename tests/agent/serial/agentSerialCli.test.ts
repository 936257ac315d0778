import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { openSerialLink } from '../../../src/main/serial/link/openSerialLink'
import type { SerialLink } from '../../../src/main/serial/link/SerialLink'
import { parseAgentConfig } from '../../../src/agent/agentConfig'
import { RobotClient } from '../../../src/shared/robot/RobotClient'
import { eventually } from '../../support/eventually'
import { createPtyPair, type PtyPair } from '../../support/ptyPair'

// `npm run agent -- --config FILE --serial PATH --serial-only`: the agent on a port, with no
// network endpoint at all, as at a bench with no network.

const cleanups: Array<() => Promise<void> | void> = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

function agentConfigIn(dir: string, extra: object = {}): string {
  writeFileSync(
    join(dir, 'agent.json'),
    JSON.stringify({
      partId: 'part-serial-cli',
      secret: 'serial-cli-secret-0123456789',
      machineName: 'serial-bot',
      dataDir: 'data',
      mdns: { enabled: false },
      machineConfig: { components: [{ name: 'm', api: 'rdk:component:motor', model: 'fake' }] },
      ...extra,
    }),
  )
  return join(dir, 'agent.json')
}

function run(args: string[]): { child: ChildProcess; out: () => string; exited: Promise<number | null> } {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/agent/main.ts', ...args], { stdio: 'pipe' })
  let out = ''
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()))
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()))
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  return { child, out: () => out, exited }
}

describe('the agent on a serial port', () => {
  it('takes serial ports in its config, with the baud rate defaulting to 115200', () => {
    const config = parseAgentConfig(
      {
        partId: 'p',
        secret: 'x'.repeat(16),
        machineName: 'm',
        dataDir: 'd',
        serial: [{ path: '/dev/ttyACM0' }],
      },
      '/tmp',
    )
    expect(config.serial).toEqual([{ path: '/dev/ttyACM0', baudRate: 115200 }])
    expect(config.network).toBe(true)
    expect(() =>
      parseAgentConfig(
        { partId: 'p', secret: 'x'.repeat(16), machineName: 'm', dataDir: 'd', serial: [{}] },
        '/tmp',
      ),
    ).toThrow(/serial/)
  })

  it('serves --serial PATH with --serial-only, and no network endpoint', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'agent-serial-cli-'))
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }))
    const pair: PtyPair = await createPtyPair()
    cleanups.push(() => pair.dispose())
    const agent = run([
      '--config',
      agentConfigIn(dir),
      '--serial',
      pair.b,
      '--baud',
      '57600',
      '--serial-only',
    ])
    cleanups.push(async () => {
      if (agent.child.exitCode === null) {
        agent.child.kill('SIGTERM')
        await agent.exited
      }
    })
    const running = await eventually(
      'the agent running',
      () => /fleetdesk agent running.*\n/.exec(agent.out())?.[0],
    )
    expect(running).toContain(`1 transport(s), serial ${pair.b} at 57600 baud`)
    expect(running).not.toContain('signaling')

    const link: SerialLink = await openSerialLink({ path: pair.a, baudRate: 57600 })
    cleanups.push(() => link.close())
    const client = new RobotClient(link.channel)
    const hello = await client.hello({
      kind: 'secret',
      partId: 'part-serial-cli',
      secret: 'serial-cli-secret-0123456789',
    })
    expect(hello).toMatchObject({ role: 'owner', machineName: 'serial-bot' })
    client.stopHeartbeat()

    agent.child.kill('SIGTERM')
    expect(await agent.exited).toBe(0)
  }, 60_000)

  it('refuses --baud without --serial, and no way in at all', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'agent-serial-cli-'))
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }))
    const config = agentConfigIn(dir)
    const baudOnly = run(['--config', config, '--baud', '9600'])
    expect(await baudOnly.exited).toBe(2)
    expect(baudOnly.out()).toMatch(/--baud needs a --serial PATH/)
    const nothing = run(['--config', config, '--serial-only'])
    expect(await nothing.exited).toBe(2)
    expect(nothing.out()).toMatch(/no way to reach the agent/)
  }, 60_000)
})
