import { parseArgs } from 'node:util'
import { CoreError } from '../shared/errors/CoreError'
import type { LogEntry } from '../shared/domain/model'
import { loadAgentConfig, type AgentConfig } from './agentConfig'
import type { AgentTransport } from './transports/AgentTransport'
import { startAgent, type RunningAgent } from './startAgent'
import { createLanTransports } from './createLanTransports'
import { createSerialTransports } from './createSerialTransports'
import { errorMessage } from '../shared/errors/errorMessage'

// `npm run agent -- --config FILE [--hub URL] [--serial PATH]... [--baud N] [--serial-only]`: runs the agent
// until SIGTERM or SIGINT, then stops every actuator, closes resources and exits 0. `--serial` adds
// a serial port to the config's (at `--baud`, 115200 by default); `--serial-only` turns the network
// endpoints off. `--hub URL` names the fleet's hub (the config's `hub.url`): the agent fetches and
// caches its public keys for part tokens. Exit 2 for a bad command line or agent config.

const USAGE =
  'usage: npm run agent -- --config FILE [--hub URL] [--serial PATH]... [--baud N] [--serial-only]'

function printEntry(entry: LogEntry): void {
  if (entry.level === 'debug') return
  const fields = Object.keys(entry.fields).length > 0 ? ` ${JSON.stringify(entry.fields)}` : ''
  const line = `${entry.time} ${entry.level.toUpperCase().padEnd(5)} ${entry.logger}: ${entry.message}${fields}\n`
  ;(entry.level === 'error' || entry.level === 'warn' ? process.stderr : process.stdout).write(line)
}

async function main(): Promise<void> {
  let configFile: string | undefined
  let hubUrl: string | undefined
  let serial: { paths: string[]; baud: number; only: boolean }
  try {
    const { values } = parseArgs({
      options: {
        config: { type: 'string' },
        hub: { type: 'string' },
        serial: { type: 'string', multiple: true },
        baud: { type: 'string' },
        'serial-only': { type: 'boolean' },
        help: { type: 'boolean' },
      },
    })
    if (values.help) {
      process.stdout.write(`${USAGE}\n`)
      return
    }
    configFile = values.config
    hubUrl = values.hub
    serial = parseSerialFlags(values.serial, values.baud, values['serial-only'])
  } catch (err) {
    process.stderr.write(`${errorMessage(err)}\n${USAGE}\n`)
    process.exitCode = 2
    return
  }
  if (configFile === undefined) {
    process.stderr.write(`missing --config\n${USAGE}\n`)
    process.exitCode = 2
    return
  }
  let config: AgentConfig
  try {
    const loaded = loadAgentConfig(configFile, hubUrl === undefined ? {} : { hub: { url: hubUrl } })
    config = {
      ...loaded,
      serial: [...loaded.serial, ...serial.paths.map((path) => ({ path, baudRate: serial.baud }))],
      network: loaded.network && !serial.only,
    }
  } catch (err) {
    process.stderr.write(`${errorMessage(err)}\n`)
    process.exitCode = 2
    return
  }
  if (!config.network && config.serial.length === 0) {
    process.stderr.write(
      `no way to reach the agent: the network is off and no serial port is given\n${USAGE}\n`,
    )
    process.exitCode = 2
    return
  }

  // The WebRTC signaling endpoint and the mDNS advertisement, from `config.listen` / `config.mdns`,
  // and a transport per serial port.
  const lan = config.network ? createLanTransports(config) : null
  const serialTransports = createSerialTransports(config, (level, message) =>
    (level === 'warn' ? process.stderr : process.stdout).write(`${message}\n`),
  )
  const transports: AgentTransport[] = [...(lan?.transports ?? []), ...serialTransports]

  // Signals are handled from before the agent starts, so a stop during start-up is clean too.
  let started: Promise<RunningAgent | undefined> = Promise.resolve(undefined)
  let stopping = false
  const stop = (signal: string): void => {
    if (stopping) return
    stopping = true
    process.stdout.write(`${signal}: stopping\n`)
    started
      .then((running) => running?.stop())
      .then(
        () => {
          process.stdout.write('fleetdesk agent stopped\n')
          process.exit(process.exitCode ?? 0)
        },
        (err: unknown) => {
          process.stderr.write(`error while stopping: ${String(err)}\n`)
          process.exit(1)
        },
      )
  }
  process.on('SIGTERM', () => stop('SIGTERM'))
  process.on('SIGINT', () => stop('SIGINT'))

  started = startAgent(config, { transports, echo: printEntry }).catch((err: unknown) => {
    if (!(err instanceof CoreError)) throw err
    process.stderr.write(`${err.message}\n`)
    process.exitCode = 2
    return undefined
  })
  const running = await started
  if (!running) {
    process.removeAllListeners('SIGTERM')
    process.removeAllListeners('SIGINT')
    return
  }
  const status = running.agent.status()
  const ready = status.resources.filter((r) => r.state === 'ready').length
  process.stdout.write(
    `fleetdesk agent running: part ${config.partId} (machine "${config.machineName}"), ` +
      `config revision ${status.configRevision}, ${ready}/${status.resources.length} resources ready, ` +
      `${transports.length} transport(s)` +
      (lan ? `, signaling at ${lan.signalUrl()}` : '') +
      config.serial.map((p) => `, serial ${p.path} at ${p.baudRate} baud`).join('') +
      '\n',
  )
  // No transport yet may hold the event loop open: keep the agent alive until a signal.
  setInterval(() => undefined, 1 << 30)
}

function parseSerialFlags(
  paths: string[] | undefined,
  baud: string | undefined,
  only: boolean | undefined,
): { paths: string[]; baud: number; only: boolean } {
  const baudRate = baud === undefined ? 115_200 : Number(baud)
  if (!Number.isInteger(baudRate) || baudRate < 50 || baudRate > 4_000_000) {
    throw new Error('--baud must be a whole number of bits per second (for example 115200)')
  }
  if (baud !== undefined && !paths?.length) throw new Error('--baud needs a --serial PATH')
  return { paths: paths ?? [], baud: baudRate, only: only === true }
}

main().catch((err: unknown) => {
  process.stderr.write(
    `fleetdesk agent failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
  )
  process.exit(1)
})
