import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { SimMachineSpec } from '../../../../src/shared/robot/simMachineSpec'
import { fixtureFleet } from '../../support/fleetServer'
import { startRobotProcess } from './robotProcess'

// Robots for the end-to-end tests: agents with the simulator's fake models, on loopback only (mDNS
// and WebRTC), each either in a child process of its own that runs the sources (startRobot: it can
// trust a test hub key) or in one running the built simulator (spawnRobots: fixed ports, so a test
// can SIGKILL it like a robot losing power and start it again on the same address).

const HOST = '127.0.0.1'
const root = fileURLToPath(new URL('../../../..', import.meta.url))

const c = (
  name: string,
  subtype: string,
  attributes: Record<string, unknown> = {},
): Record<string, unknown> => ({
  name,
  api: `rdk:component:${subtype}`,
  model: 'fake',
  attributes,
})

/** One of every panel the CONTROL tab has, so a test sees them all. */
export const TEST_ROBOT_CONFIG: Record<string, unknown> = {
  components: [
    c('base', 'base', { max_speed_mm_per_sec: 400 }),
    c('left-motor', 'motor', { max_rpm: 120 }),
    c('shoulder', 'servo', { min_angle_deg: 0, max_angle_deg: 180, initial_angle_deg: 90 }),
    c('controller', 'board', { analogs: [{ name: 'current' }] }),
    c('air', 'sensor', { base_temperature_c: 21, readings: { humidity_pct: 40 } }),
    c('imu', 'movement_sensor', { latitude: 40.7, longitude: -74, speed_m_per_sec: 1.5 }),
    c('wheel-encoder', 'encoder', { ticks_per_rotation: 360, rpm: 10 }),
    c('front-cam', 'camera', { width: 160, height: 120, fps: 5 }),
    c('ops', 'generic', { initial_counter: 3 }),
  ],
}

export interface TestRobot extends SimMachineSpec {
  /** The cached machine it is, when it uses a fixture machine's part id. */
  machineId: string | null
}

/**
 * A fixture machine made into a robot: its main part id (so the desktop knows it), its name, a fresh
 * secret, and the test config above.
 */
export function fixtureRobot(machines: number, index: number): TestRobot {
  const { fleet } = fixtureFleet(machines)
  const machine = fleet.machines[index]
  const part = machine && fleet.parts.find((p) => p.machineId === machine.id && p.isMain)
  if (!machine || !part) throw new Error(`the fixture has no machine ${index}`)
  return {
    partId: part.id,
    machineId: machine.id,
    machineName: machine.name,
    secret: `test-secret-${process.pid}-${index}-0123456789`,
    machineConfig: TEST_ROBOT_CONFIG,
  }
}

/** A robot the fleet does not know. */
export function strangerRobot(name: string): TestRobot {
  const id = `${process.pid.toString(16).padStart(8, '0')}-e2e0-4000-8000-${Date.now().toString(16).padStart(12, '0').slice(-12)}`
  return {
    partId: id,
    machineId: null,
    machineName: name,
    secret: `stranger-secret-${id}`,
    machineConfig: TEST_ROBOT_CONFIG,
  }
}

export interface RunningRobot {
  readonly port: number
  stop(): Promise<void>
}

/** Where a test robot keeps its data, and what a test may set: a hub key, a fixed port, a revision. */
export interface RobotOptions {
  dataDir: string
  hubPublicKey?: string
  port?: number
  configRevision?: number
}

/** The agent config of a test robot on loopback (WebRTC and mDNS on 127.0.0.1 only). */
export function robotAgentConfig(robot: TestRobot, options: RobotOptions): Record<string, unknown> {
  return {
    partId: robot.partId,
    secret: robot.secret,
    machineName: robot.machineName,
    listen: { host: HOST, port: options.port ?? 0 },
    mdns: { enabled: true, interface: HOST },
    iceNetworks: 'loopback',
    dataDir: join(options.dataDir, robot.partId),
    machineConfig: robot.machineConfig,
    ...(options.configRevision === undefined ? {} : { configRevision: options.configRevision }),
    log: { level: 'info' },
    ...(options.hubPublicKey ? { hubPublicKey: options.hubPublicKey } : {}),
  }
}

/**
 * Starts an agent in a process of its own (see robotChild.ts for why); resolves once it is
 * advertised.
 */
export async function startRobot(robot: TestRobot, options: RobotOptions): Promise<RunningRobot> {
  return startRobotProcess(robotAgentConfig(robot, options), options.dataDir)
}

/** A free TCP port on loopback (for a robot that must come back on the same address). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, HOST, () => {
      const address = server.address()
      const port = typeof address === 'object' && address ? address.port : 0
      server.close(() => resolve(port))
    })
  })
}

export interface RobotProcess {
  readonly child: ChildProcess
  /** Pulls the plug: no mDNS goodbye, no closed sessions. */
  kill(): Promise<void>
  stop(): Promise<void>
}

/** Runs robots in a child process (the built simulator, `out/main/sim.js --spec`), on fixed ports. */
export function spawnRobots(
  robots: readonly TestRobot[],
  options: { dataDir: string; basePort: number },
): Promise<RobotProcess> {
  const specFile = join(options.dataDir, `spec-${options.basePort}.json`)
  const specs: SimMachineSpec[] = robots.map(({ partId, secret, machineName, machineConfig }) => ({
    partId,
    secret,
    machineName,
    machineConfig,
  }))
  writeFileSync(specFile, JSON.stringify(specs))
  const child = spawn(
    process.execPath,
    [
      join(root, 'out', 'main', 'sim.js'),
      '--spec',
      specFile,
      '--base-port',
      String(options.basePort),
      '--data-dir',
      join(options.dataDir, 'sim'),
    ],
    { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, FLEETDESK_MDNS_INTERFACE: HOST } },
  )
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  let stderr = ''
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()))
  return new Promise((resolve, reject) => {
    let out = ''
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`simulator did not start in 15 s: ${stderr}`))
    }, 15_000)
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString()
      if ((out.match(/^SIM /gm) ?? []).length < robots.length) return
      clearTimeout(timer)
      resolve({
        child,
        kill: async () => {
          if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
          await exited
        },
        stop: async () => {
          if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM')
          await exited
        },
      })
    })
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`simulator exited with ${code}: ${stderr}`))
    })
  })
}

export function makeTempDir(label: string): string {
  return mkdtempSync(join(tmpdir(), `fleetdesk-e2e-${label}-`))
}

export function removeTempDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true })
}
