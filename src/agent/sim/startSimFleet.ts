import { join } from 'node:path'
import type { SimMachineSpec } from '../../shared/robot/simMachineSpec'
import type { LogEntry } from '../../shared/domain/model'
import { parseAgentConfig } from '../agentConfig'
import { startAgent, type RunningAgent } from '../startAgent'
import { createLanTransports } from '../createLanTransports'
import { createSerialTransports } from '../createSerialTransports'
import { simIdentity } from './simIdentity'
import { simMachine } from './simMachines'

/** The simulator stays on this machine: it listens, and multicasts, on loopback only. */
const HOST = '127.0.0.1'

export type { SimMachineSpec }

export interface SimFleetOptions {
  /** How many of the simulator's own machines to run (ignored when `specs` is given). */
  count: number
  /** Exactly these machines instead of the simulator's own. */
  specs?: readonly SimMachineSpec[]
  /** Agent i listens on basePort + i; ephemeral ports when absent or 0. */
  basePort?: number
  /** Same seed, same part ids and secrets. */
  seed: string
  /** Each agent keeps its logs and cached config in `<dataDir>/<part id>`. */
  dataDir: string
  /** Each agent's log entries (the simulator prints warnings and errors). */
  onLog?: (machineName: string, entry: LogEntry) => void
  /** Agent i also serves the robot protocol on serial port `serial[i]` (see serialTransport). */
  serial?: readonly { path: string; baudRate: number }[]
  /** Each agent is linked to this hub (config, logs and status: src/agent/hub). */
  hubUrl?: string
  /** Called as each agent comes up. */
  onStarted?: (agent: SimAgentInfo) => void
}

export interface SimAgentInfo {
  machineName: string
  partId: string
  secret: string
  host: string
  port: number
  signalUrl: string
  /** The serial port it serves, when it serves one. */
  serial?: { path: string; baudRate: number }
}

export interface SimFleet {
  readonly agents: readonly SimAgentInfo[]
  /** Stops every agent: mDNS goodbyes, peers destroyed, resources closed. */
  stop(): Promise<void>
}

/** Starts `count` agents in this process, each with its own WebRTC endpoint and mDNS advertisement. */
export async function startSimFleet(options: SimFleetOptions): Promise<SimFleet> {
  const running: RunningAgent[] = []
  const agents: SimAgentInfo[] = []
  const stop = async (): Promise<void> => {
    await Promise.all(running.splice(0).map((agent) => agent.stop()))
  }
  try {
    const machines: SimMachineSpec[] =
      options.specs?.slice() ??
      Array.from({ length: options.count }, (_, i) => {
        const { machineName, config } = simMachine(i)
        return { machineName, machineConfig: config, ...simIdentity(options.seed, i) }
      })
    for (const [i, { machineName, machineConfig, partId, secret, revision }] of machines.entries()) {
      const port = options.basePort ? options.basePort + i : 0
      const config = parseAgentConfig(
        {
          partId,
          secret,
          machineName,
          listen: { host: HOST, port },
          mdns: { enabled: true, interface: HOST },
          dataDir: join(options.dataDir, partId),
          iceNetworks: 'loopback',
          machineConfig,
          ...(revision === undefined ? {} : { configRevision: revision }),
          log: { level: 'info' },
          ...(options.serial?.[i] ? { serial: [options.serial[i]] } : {}),
          ...(options.hubUrl ? { hub: { url: options.hubUrl } } : {}),
        },
        options.dataDir,
      )
      const onLog = options.onLog
      const lan = createLanTransports(config)
      const agent = await startAgent(config, {
        transports: [...lan.transports, ...createSerialTransports(config)],
        ...(onLog ? { echo: (entry: LogEntry) => onLog(machineName, entry) } : {}),
      })
      running.push(agent)
      const info: SimAgentInfo = {
        machineName,
        partId,
        secret,
        host: HOST,
        port: lan.port(),
        signalUrl: lan.signalUrl(),
        ...(config.serial[0] ? { serial: config.serial[0] } : {}),
      }
      agents.push(info)
      options.onStarted?.(info)
    }
  } catch (err) {
    await stop()
    throw err
  }
  return { agents, stop }
}
