import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { parseAgentConfig } from '../../src/agent/agentConfig'
import { startAgent, type RunningAgent } from '../../src/agent/startAgent'
import { simMachine } from '../../src/agent/sim/simMachines'
import { createLanTransports } from '../../src/agent/createLanTransports'
import type { LogEntry } from '../../src/shared/domain/model'
import { nextEvent } from '../support/eventually'

// The safety rule with real parts: a desktop process drives a motor and the base over WebRTC and is
// killed with SIGKILL (no goodbye, the data channel not closed); the agent stops both within 500 ms.
let agent: RunningAgent | null = null
let dataDir: string | null = null
afterEach(async () => {
  await agent?.stop()
  agent = null
  if (dataDir) rmSync(dataDir, { recursive: true, force: true })
})

const isMoving = (a: RunningAgent, name: string): boolean =>
  (a.agent.resource(name).call('isMoving', {}) as { isMoving: boolean }).isMoving

describe('a desktop killed mid-motion', () => {
  it('has the agent stop every actuator it moved within 500 ms', async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'fleetdesk-kill-'))
    const rover = simMachine(0)
    const config = parseAgentConfig(
      {
        partId: 'part-kill-test',
        secret: 'a-secret-for-the-kill-test',
        machineName: rover.machineName,
        listen: { host: '127.0.0.1', port: 0 },
        mdns: { enabled: false },
        dataDir,
        machineConfig: rover.config,
      },
      dataDir,
    )
    const lan = createLanTransports(config)
    agent = await startAgent(config, { transports: lan.transports })
    const running = agent

    const desktop = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        'tests/agent/fixtures/desktopChild.ts',
        lan.signalUrl(),
        config.partId,
        config.secret,
      ],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    )
    await new Promise<void>((resolve, reject) => {
      desktop.stdout.on('data', (d: Buffer) => {
        if (d.toString().includes('moving')) resolve()
      })
      desktop.once('exit', (code) => reject(new Error(`desktop exited early (${code})`)))
    })
    expect(isMoving(running, 'left-motor')).toBe(true)
    expect(isMoving(running, 'base')).toBe(true)

    // The agent logs its safety stop right after stopping: that entry's arrival is the stop's time.
    const stopped = nextEvent<{ at: number; entry: LogEntry }>(
      'a safety stop after the kill',
      (listener) => running.agent.logs.subscribe((entry) => listener({ at: performance.now(), entry })),
      ({ entry }) => entry.message.startsWith('safety stop'),
    )
    desktop.kill('SIGKILL')
    const killedAt = performance.now()
    const { at, entry } = await stopped
    expect(entry.fields).toMatchObject({ stopped: expect.arrayContaining(['left-motor', 'base']) })
    expect(isMoving(running, 'left-motor')).toBe(false)
    expect(isMoving(running, 'base')).toBe(false)
    expect(at - killedAt).toBeLessThan(500)
  })
})
