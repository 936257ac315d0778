import { afterEach, describe, expect, it } from 'vitest'
import { Agent } from '../../src/agent/Agent'
import { parseAgentConfig } from '../../src/agent/agentConfig'
import { MemoryConfigStore } from '../../src/agent/ConfigStore'
import { ManualClock } from '../../src/agent/runtime/ManualClock'
import { startAgent } from '../../src/agent/startAgent'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { MOTOR_CONFIG, PART_ID, SECRET, startHarness, type Harness } from './agentHarness'

// The revision a robot reports is the fleet's number for the config it runs whenever it was given
// one (the desktop applying the hub's revision, a config file or demo spec that carries it), so the
// machine page never shows "Config revision 5" beside "Running revision 1" for the same config.

let harness: Harness | undefined
afterEach(async () => {
  await harness?.agent.close()
  harness = undefined
})

describe('the revision the agent reports', () => {
  it('is the one the desktop applied the config with', async () => {
    harness = await startHarness()
    const client = await harness.owner()
    const { revision, config } = await client.getConfig()
    expect(revision).toBe(1)
    const result = await client.applyConfig(config, revision, 5)
    expect(result.revision).toBe(5)
    expect((await client.status()).configRevision).toBe(5)
    expect((await client.getConfig()).revision).toBe(5)
    // Based on 5 now: an edit from the old number is a conflict, one from 5 applies.
    await expect(client.applyConfig(config, 1)).rejects.toMatchObject({ code: 'conflict' })
    // Without a number the agent counts on from the one it runs.
    expect((await client.applyConfig(config, 5)).revision).toBe(6)
    client.close()
  })

  it('is the one the start config carries, and a restart from the same source keeps it', async () => {
    const store = new MemoryConfigStore()
    const options = { partId: PART_ID, secret: SECRET, machineName: 'm', clock: new ManualClock(), store }
    const first = await Agent.start(options, { config: MOTOR_CONFIG, sourceHash: 'h1', revision: 7 })
    expect(first.status().configRevision).toBe(7)
    await first.close()
    const again = await Agent.start(options, { config: MOTOR_CONFIG, sourceHash: 'h1', revision: 7 })
    expect(again.status().configRevision).toBe(7)
    await again.close()
    // Without a number, a new source counts on from the cached one, as before.
    const unnumbered = await Agent.start(options, { config: MOTOR_CONFIG, sourceHash: 'h2' })
    expect(unnumbered.status().configRevision).toBe(8)
    await unnumbered.close()
  })

  it('comes from the agent config file (configRevision)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fleetdesk-revision-'))
    try {
      const config = parseAgentConfig(
        {
          partId: PART_ID,
          secret: SECRET,
          machineName: 'm',
          mdns: { enabled: false },
          dataDir: dir,
          machineConfig: MOTOR_CONFIG,
          configRevision: 12,
          log: { level: 'info' },
        },
        dir,
      )
      const running = await startAgent(config)
      expect(running.agent.status().configRevision).toBe(12)
      await running.stop()
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
