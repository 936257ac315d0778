// Placeholder until the schema lands: the real file exports the zod schema, validateMachineConfig
// and machineConfigJsonSchema.
export type MachineConfig = Record<string, unknown>
