import { exportSPKI, generateKeyPair, type CryptoKey } from 'jose'
import { Agent, type AgentOptions } from '../../src/agent/Agent'
import { AgentLog } from '../../src/agent/AgentLog'
import { ManualClock } from '../../src/agent/runtime/ManualClock'
import type { Clock } from '../../src/agent/runtime/Clock'
import { createChannelPair, type MessageChannel } from '../../src/shared/robot/MessageChannel'
import { RobotClient, type RobotClientOptions } from '../../src/shared/robot/RobotClient'

export const PART_ID = 'part-test-1'
export const SECRET = 'bench-secret-0123456789'

export const MOTOR_CONFIG = {
  components: [
    { name: 'left', api: 'rdk:component:motor', model: 'fake', attributes: { max_rpm: 120 } },
    { name: 'arm', api: 'rdk:component:servo', model: 'fake' },
    { name: 'rover', api: 'rdk:component:base', model: 'fake' },
    { name: 'air', api: 'rdk:component:sensor', model: 'fake' },
  ],
}

export interface Harness {
  agent: Agent
  clock: Clock
  connect(options?: RobotClientOptions): {
    client: RobotClient
    channel: MessageChannel
    agentSide: MessageChannel
  }
  /** Connects and says hello with the part secret (owner). */
  owner(options?: RobotClientOptions): Promise<RobotClient>
}

let keys: Promise<{ publicKey: CryptoKey; privateKey: CryptoKey; pem: string }> | undefined
/** One test key pair for the hub (generating one per test would be slow). */
export function hubKeys(): Promise<{ publicKey: CryptoKey; privateKey: CryptoKey; pem: string }> {
  keys ??= generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true }).then(async (pair) => ({
    ...pair,
    pem: await exportSPKI(pair.publicKey),
  }))
  return keys
}

export async function startHarness(
  options: Partial<AgentOptions> & { config?: unknown } = {},
): Promise<Harness> {
  const clock = options.clock ?? new ManualClock()
  const { publicKey } = await hubKeys()
  const agent = await Agent.start(
    {
      partId: PART_ID,
      secret: SECRET,
      machineName: 'bench-bot',
      hubPublicKey: publicKey,
      clock,
      log: options.log ?? new AgentLog({ partId: PART_ID, clock }),
      ...options,
    },
    { config: options.config ?? MOTOR_CONFIG },
  )
  const connect: Harness['connect'] = (clientOptions) => {
    const [channel, agentSide] = createChannelPair()
    agent.attachSession(agentSide)
    // Heartbeats on the harness clock, so ManualClock tests decide when they happen.
    const timers = {
      setTimeout: (fn: () => void, ms: number) => globalThis.setTimeout(fn, ms),
      clearTimeout: (h: unknown) => globalThis.clearTimeout(h as ReturnType<typeof setTimeout>),
      setInterval: (fn: () => void, ms: number) => clock.setInterval(fn, ms),
      clearInterval: (h: unknown) => clock.clearTimer(h as { id: number }),
    }
    const client = new RobotClient(channel, { timers, ...clientOptions })
    return { client, channel, agentSide }
  }
  return {
    agent,
    clock,
    connect,
    owner: async (clientOptions) => {
      const { client } = connect(clientOptions)
      await client.hello({ kind: 'secret', partId: PART_ID, secret: SECRET })
      return client
    },
  }
}

/** Lets queued deliveries (channel microtasks, async handlers) run. */
export async function settle(rounds = 20): Promise<void> {
  for (let i = 0; i < rounds; i++) await new Promise<void>((resolve) => setImmediate(resolve))
}
