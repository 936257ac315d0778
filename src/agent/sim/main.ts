import { randomBytes } from 'node:crypto'
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { SimMachineSpecsSchema } from '../../shared/robot/simMachineSpec'
import { startSimFleet, type SimFleet, type SimMachineSpec } from './startSimFleet'
import { errorMessage } from '../../shared/errors/errorMessage'
import { parseApiKey, registerOnHub, type ApiKey } from './registerOnHub'

// `npm run sim -- --count N [--base-port P] [--seed S] [--data-dir D] [--verbose]
// [--serial PATH]... [--baud N]`: N simulated agents in this process on 127.0.0.1, each advertised
// by mDNS on loopback, one line each:
//   SIM <machine name> part=<part id> address=127.0.0.1:<port> secret=<part secret>
// Agent i also serves the i-th `--serial` port, announced by a line of its own:
//   SIM-SERIAL <machine name> part=<part id> path=<path> baud=<baud rate>
// With `--hub URL --api-key ID:SECRET` the machines are first registered on that hub (found again
// by name in its "Simulated fleet" location, or `--location ID`) and each agent runs linked to it:
// config from the hub, logs and status to it (docs/agent-hub.md).
// SIGINT or SIGTERM stops them all (mDNS goodbyes, sessions closed) and exits 0.

const USAGE =
  'usage: npm run sim -- --count N [--base-port P] [--seed S] [--data-dir DIR] [--verbose] [--serial PATH]... [--baud N] [--hub URL --api-key ID:SECRET [--location ID]]'

function fail(message: string): never {
  process.stderr.write(`${message}\n${USAGE}\n`)
  process.exit(2)
}

async function main(): Promise<void> {
  let values
  try {
    values = parseArgs({
      options: {
        count: { type: 'string', default: '5' },
        spec: { type: 'string' },
        'base-port': { type: 'string' },
        seed: { type: 'string' },
        'data-dir': { type: 'string' },
        verbose: { type: 'boolean', default: false },
        serial: { type: 'string', multiple: true },
        baud: { type: 'string' },
        hub: { type: 'string' },
        'api-key': { type: 'string' },
        location: { type: 'string' },
        help: { type: 'boolean', default: false },
      },
    }).values
  } catch (err) {
    fail(errorMessage(err))
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`)
    return
  }
  const count = Number(values.count)
  if (!Number.isInteger(count) || count < 1 || count > 500)
    fail('--count must be a whole number from 1 to 500')
  const basePort = values['base-port'] === undefined ? 0 : Number(values['base-port'])
  if (!Number.isInteger(basePort) || basePort < 0 || basePort + count > 65_535)
    fail('--base-port must leave room for every agent')
  const baudRate = values.baud === undefined ? 115_200 : Number(values.baud)
  if (!Number.isInteger(baudRate) || baudRate < 50 || baudRate > 4_000_000)
    fail('--baud must be a whole number of bits per second (for example 115200)')
  const serial = (values.serial ?? []).map((path) => ({ path: resolve(path), baudRate }))
  if (serial.length > count) fail('--serial was given more often than --count: one port per agent')
  const hub = hubFlags(values.hub, values['api-key'], values.location, values.spec)
  const seed = values.seed ?? randomBytes(8).toString('hex')
  // A data folder given is kept (cached configs and logs survive restarts); a temporary one is removed.
  const temporary = values['data-dir'] === undefined
  const dataDir = temporary
    ? mkdtempSync(resolve(tmpdir(), 'fleetdesk-sim-'))
    : resolve(values['data-dir'] as string)
  mkdirSync(dataDir, { recursive: true })
  const verbose = values.verbose

  let fleet: SimFleet
  try {
    const registered = hub ? await registerOnHub(hub.url, hub.key, count, hub.location) : undefined
    if (hub && registered) {
      const made = registered.machines.filter((m) => m.created).length
      process.stdout.write(
        `hub ${hub.url}: location ${registered.locationId}, ${made} machine(s) created, ${count - made} found again\n`,
      )
    }
    const specs = registered?.machines ?? (values.spec ? readSpecs(values.spec) : undefined)
    fleet = await startSimFleet({
      count,
      ...(specs ? { specs } : {}),
      ...(hub ? { hubUrl: hub.url } : {}),
      basePort,
      seed,
      dataDir,
      serial,
      onLog: (machine, entry) => {
        if (!verbose && entry.level !== 'warn' && entry.level !== 'error') return
        process.stderr.write(`${machine} ${entry.level.toUpperCase()} ${entry.logger}: ${entry.message}\n`)
      },
      onStarted: (a) => {
        process.stdout.write(
          `SIM ${a.machineName} part=${a.partId} address=${a.host}:${a.port} secret=${a.secret}\n`,
        )
        if (a.serial)
          process.stdout.write(
            `SIM-SERIAL ${a.machineName} part=${a.partId} path=${a.serial.path} baud=${a.serial.baudRate}\n`,
          )
      },
    })
  } catch (err) {
    process.stderr.write(`simulator failed to start: ${errorMessage(err)}\n`)
    if (temporary) rmSync(dataDir, { recursive: true, force: true })
    process.exit(1)
  }
  process.stdout.write(`${count} simulated agent(s) running (seed ${seed}, data ${dataDir}); Ctrl+C stops\n`)

  let stopping = false
  const stop = (signal: string): void => {
    if (stopping) return
    stopping = true
    process.stdout.write(`${signal}: stopping ${count} agent(s)\n`)
    fleet.stop().then(
      () => {
        if (temporary) rmSync(dataDir, { recursive: true, force: true })
        process.stdout.write('simulator stopped\n')
        process.exit(0)
      },
      (err: unknown) => {
        process.stderr.write(`error while stopping: ${String(err)}\n`)
        process.exit(1)
      },
    )
  }
  process.on('SIGINT', () => stop('SIGINT'))
  process.on('SIGTERM', () => stop('SIGTERM'))
}

function hubFlags(
  url: string | undefined,
  apiKey: string | undefined,
  location: string | undefined,
  spec: string | undefined,
): { url: string; key: ApiKey; location?: string } | undefined {
  if (url === undefined) {
    if (apiKey !== undefined || location !== undefined) fail('--api-key and --location need --hub URL')
    return undefined
  }
  if (!/^https?:\/\/[^/]/i.test(url)) fail("--hub must be the hub's http:// or https:// URL")
  if (spec !== undefined) fail('--spec and --hub do not go together: the hub gives the parts')
  if (apiKey === undefined) fail('--hub needs --api-key ID:SECRET (an API key with the owner role)')
  const key = parseApiKey(apiKey)
  if (!key) fail('--api-key must be ID:SECRET, as the hub returned them when the key was created')
  return { url, key, ...(location === undefined ? {} : { location }) }
}

/** `--spec FILE`: a JSON list of machines to run (what the desktop writes for its demo fleet). */
function readSpecs(file: string): SimMachineSpec[] {
  const parsed = SimMachineSpecsSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')))
  if (!parsed.success)
    fail(`${file}: not a list of {partId, secret, machineName, machineConfig}: ${parsed.error.message}`)
  return parsed.data
}

void main()
