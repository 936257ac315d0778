import type { DemoFleetSource } from '../core/DemoFleet'
import { generateFleet } from '../fixture/generateFleet'
import { demoRobotSpecs, writeDemoRobotSpecs } from './demoRobots'

/** Machines in the demo fleet a first run offers: enough to look real, quick to create. */
export const DEMO_FLEET_MACHINES = 60

/**
 * The demo fleet for a first run: the fixture generator's fleet, some of whose machines run as
 * simulated robots (see DemoRobots), their spec file written into `dataDir` once it is imported.
 */
export function demoFleetSource(dataDir: string): DemoFleetSource {
  return () => {
    const demo = generateFleet({ machines: DEMO_FLEET_MACHINES, revisionsPerPart: 5, logs: 2000 })
    const robots = demoRobotSpecs(demo)
    return {
      fleet: demo.fleet,
      logs: demo.logs,
      defaultUserEmail: demo.defaultUserEmail,
      robots,
      imported: () => writeDemoRobotSpecs(dataDir, robots),
    }
  }
}
