import { z } from 'zod'

/**
 * One machine for the simulator to run, given in full: the file the desktop writes for its demo
 * fleet's robots (`demo-robots.json`) and `npm run sim -- --spec FILE` reads.
 */
export const SimMachineSpecSchema = z
  .object({
    partId: z.string().min(1).max(200),
    secret: z.string().min(16).max(1000),
    machineName: z.string().min(1).max(200),
    machineConfig: z.record(z.string(), z.unknown()),
    /** The fleet's revision of that config, which the robot then reports as the one it runs. */
    revision: z.number().int().min(0).optional(),
  })
  .strict()
export type SimMachineSpec = z.output<typeof SimMachineSpecSchema>
export const SimMachineSpecsSchema = z.array(SimMachineSpecSchema).max(500)
