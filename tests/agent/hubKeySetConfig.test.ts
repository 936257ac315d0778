import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { exportJWK, generateKeyPair } from 'jose'
import { describe, expect, it } from 'vitest'
import { parseAgentConfig } from '../../src/agent/agentConfig'
import { startAgent } from '../../src/agent/startAgent'
import { signPartToken } from '../../src/shared/robot/auth'
import { createChannelPair } from '../../src/shared/robot/MessageChannel'
import { RobotClient } from '../../src/shared/robot/RobotClient'
import { MOTOR_CONFIG, PART_ID, SECRET } from './agentHarness'

describe('an agent configured with the hub’s key set (JWKS)', () => {
  it('verifies tokens of every key in it by kid, and refuses a key that is not in it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fleetdesk-jwks-'))
    const [oldKey, newKey, stranger] = await Promise.all(
      [1, 2, 3].map(() => generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true })),
    )
    const jwk = async (pair: typeof oldKey, kid: string): Promise<Record<string, unknown>> => ({
      ...(await exportJWK(pair!.publicKey)),
      kid,
    })
    const config = parseAgentConfig(
      {
        partId: PART_ID,
        secret: SECRET,
        machineName: 'm',
        mdns: { enabled: false },
        dataDir: dir,
        machineConfig: MOTOR_CONFIG,
        hubPublicKey: { keys: [await jwk(oldKey, 'k1'), await jwk(newKey, 'k2')] },
        log: { level: 'info' },
      },
      dir,
    )
    const running = await startAgent(config)
    const hello = async (token: string): Promise<string | undefined> => {
      const [channel, agentSide] = createChannelPair()
      running.attachSession(agentSide)
      const client = new RobotClient(channel)
      try {
        await client.hello({ kind: 'token', token })
        return client.session?.role
      } finally {
        client.close()
      }
    }
    try {
      const sign = (pair: typeof oldKey, kid: string, role: 'owner' | 'operator'): Promise<string> =>
        signPartToken(pair!.privateKey, { partId: PART_ID, role, subject: 'u', kid })
      expect(await hello(await sign(oldKey, 'k1', 'operator'))).toBe('operator')
      expect(await hello(await sign(newKey, 'k2', 'owner'))).toBe('owner')
      await expect(hello(await sign(stranger, 'k3', 'owner'))).rejects.toThrow(/does not have/)
    } finally {
      await running.stop()
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
