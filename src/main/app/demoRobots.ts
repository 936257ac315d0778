import { spawn, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { existsSync } from 'node:fs'
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { MachineConfig } from '../../shared/config/machineConfigSchema'
import type { SimMachineSpec } from '../../shared/robot/simMachineSpec'
import { resolveEffectiveConfig } from '../cache/resolveEffectiveConfig'
import type { CachedFragment, FleetImport } from '../cache/types'
import type { GeneratedFleet } from '../fixture/generateFleet'

export const DEMO_ROBOTS_FILE = 'demo-robots.json'
/** How many of the demo fleet's machines run as simulated robots: enough to try, light on a laptop. */
export const DEMO_ROBOT_COUNT = 6

/**
 * The demo machines that will run as robots: online ones, main part, running what their newest
 * config amounts to with its fragments resolved (as an apply from the desktop would send it).
 */
export function demoRobotSpecs(generated: GeneratedFleet, count = DEMO_ROBOT_COUNT): SimMachineSpec[] {
  const { machines, parts, revisions } = generated.fleet
  const fragments = fragmentsOf(generated.fleet)
  const newest = new Map<string, (typeof revisions)[number]>()
  for (const r of revisions) if ((newest.get(r.partId)?.revision ?? 0) < r.revision) newest.set(r.partId, r)
  return machines
    .filter((m) => m.status === 'online')
    .slice(0, count)
    .flatMap((m) => {
      const part = parts.find((p) => p.machineId === m.id && p.isMain)
      const revision = part && newest.get(part.id)
      const own = revision?.config
      if (!part || !revision || !own) return []
      const effective = resolveEffectiveConfig(own, fragments)
      const config: MachineConfig = effective.ok ? effective.config : own
      return [
        {
          partId: part.id,
          machineName: m.name,
          secret: randomBytes(24).toString('base64url'),
          machineConfig: config as Record<string, unknown>,
          // The robot reports the revision it runs in the fleet's numbering, as the cache shows it.
          revision: revision.revision,
        },
      ]
    })
}

/** Every revision of every fragment of the fleet, as the effective config takes them. */
function fragmentsOf(fleet: FleetImport): CachedFragment[] {
  const byId = new Map(fleet.fragments.map((f) => [f.id, f]))
  return fleet.fragmentRevisions.flatMap((r) => {
    const f = byId.get(r.fragmentId)
    return f ? [{ id: f.id, orgId: f.orgId, name: f.name, revision: r.revision, config: r.config }] : []
  })
}

export async function writeDemoRobotSpecs(dataDir: string, specs: SimMachineSpec[]): Promise<void> {
  await writeFile(join(dataDir, DEMO_ROBOTS_FILE), JSON.stringify(specs, null, 2), { mode: 0o600 })
}

/**
 * Runs the demo fleet's robots in a child process (the simulator on loopback) while the app runs,
 * so a newcomer can connect to one and drive it. Started now if the demo fleet exists, or later
 * when `start()` is called again after the demo fleet is created.
 */
export class DemoRobots {
  private child: ChildProcess | null = null

  constructor(
    private readonly options: {
      dataDir: string
      simEntry: string
      execPath?: string
      env?: NodeJS.ProcessEnv
    },
  ) {}

  start(): void {
    const spec = join(this.options.dataDir, DEMO_ROBOTS_FILE)
    if (this.child || !existsSync(spec)) return
    const child = spawn(
      this.options.execPath ?? process.execPath,
      [this.options.simEntry, '--spec', spec, '--data-dir', join(this.options.dataDir, 'demo-robots')],
      // Loopback only: the demo never multicasts on a real network.
      {
        stdio: ['ignore', 'ignore', 'inherit'],
        env: { ...(this.options.env ?? process.env), FLEETDESK_MDNS_INTERFACE: '127.0.0.1' },
      },
    )
    child.once('exit', () => {
      if (this.child === child) this.child = null
    })
    this.child = child
  }

  async stop(): Promise<void> {
    const child = this.child
    if (!child) return
    this.child = null
    const exited = new Promise((resolve) => child.once('exit', resolve))
    child.kill('SIGTERM')
    await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))])
    if (child.exitCode === null) child.kill('SIGKILL')
  }
}
