import { z } from 'zod'
import type { FieldError } from '../errors/CoreError'
import { fragmentRefId, FragmentModsEntrySchema, FragmentRefSchema } from './fragmentModSchema'
import { checkConfigShape } from './checkConfigShape'
import {
  AuthSchema,
  JobConfigSchema,
  ModuleConfigSchema,
  NetworkSchema,
  PackageConfigSchema,
  ProcessConfigSchema,
  RemoteConfigSchema,
} from './machineSectionSchemas'
import {
  isRecord,
  JsonObjectSchema,
  ConfigLogLevelSchema,
  NonEmptyStringSchema,
  ResourceConfigSchema,
  resourceApi,
  type ResourceConfig,
  type ResourceKind,
} from './resourceConfigSchema'
import { zodIssuesToFieldErrors } from './zodIssuesToFieldErrors'

// The machine config as viam-server users already write it. Objects are loose everywhere: keys this
// schema does not know (legacy, newer, or a user's own) are kept, never dropped, so a config read and
// written back by Fleetdesk is unchanged. Rules that span entries (unique names, mods naming a used
// fragment) are checked at the root so that every problem is reported in one pass.

export { resourceApi, ResourceConfigSchema }
export type { ResourceConfig, ResourceKind }
export { FragmentRefSchema, FragmentModsEntrySchema, fragmentRefId }

const array = <T extends z.ZodType>(item: T, description: string) =>
  z.array(item).optional().meta({ description })

export const MachineConfigSchema = z
  .looseObject({
    components: array(ResourceConfigSchema, 'Hardware: motors, cameras, boards, arms, sensors...'),
    services: array(ResourceConfigSchema, 'Software: vision, motion, navigation, data management...'),
    remotes: array(RemoteConfigSchema, 'Other machines whose resources this machine uses.'),
    modules: array(ModuleConfigSchema, 'Modules providing extra models.'),
    packages: array(PackageConfigSchema, 'Registry packages to download.'),
    processes: array(ProcessConfigSchema, 'Processes to run alongside viam-server.'),
    jobs: array(JobConfigSchema, 'Scheduled resource method calls.'),
    fragments: array(FragmentRefSchema, 'Shared configs (fragments) this machine uses.'),
    fragment_mods: array(FragmentModsEntrySchema, 'Per-machine changes to the fragments it uses.'),
    network: NetworkSchema.optional(),
    auth: AuthSchema.optional(),
    cloud: z.looseObject({ id: z.string().optional(), app_address: z.string().optional() }).optional(),
    log: array(
      z.looseObject({ pattern: NonEmptyStringSchema, level: ConfigLogLevelSchema }),
      'Log levels by logger name pattern.',
    ),
    global_log_configuration: array(
      z.looseObject({
        api: z.string().optional(),
        model: z.string().optional(),
        level: ConfigLogLevelSchema,
      }),
      'Log levels by resource API and model.',
    ),
    agent_config: JsonObjectSchema.optional().meta({ description: 'Settings for viam-agent.' }),
    debug: z.boolean().optional().meta({ description: 'Verbose logging for the whole machine.' }),
    disable_partial_start: z.boolean().optional().meta({
      description: 'Refuse to start when any resource fails, instead of starting the others.',
    }),
    enable_web_profile: z.boolean().optional(),
  })
  .superRefine((value: unknown, ctx) => checkAcrossEntries(value, ctx.addIssue), { when: () => true })
  .meta({ description: 'A viam-server machine config.' })

export type MachineConfig = z.output<typeof MachineConfigSchema>

type AddIssue = (issue: { code: 'custom'; message: string; path: (string | number)[] }) => void

/** Lists whose entries must have distinct values of the given key. */
const UNIQUE_KEYS: ReadonlyArray<[string, string]> = [
  ['components', 'name'],
  ['services', 'name'],
  ['remotes', 'name'],
  ['modules', 'name'],
  ['packages', 'name'],
  ['processes', 'id'],
]

// Runs on unvalidated input too (so these errors come with the others), hence the defensive checks.
function checkAcrossEntries(value: unknown, addIssue: AddIssue): void {
  if (!isRecord(value)) return
  for (const [list, key] of UNIQUE_KEYS) {
    const entries = value[list]
    if (!Array.isArray(entries)) continue
    const firstIndex = new Map<string, number>()
    entries.forEach((entry: unknown, index) => {
      const id = isRecord(entry) ? entry[key] : undefined
      if (typeof id !== 'string' || id === '') return
      const first = firstIndex.get(id)
      if (first === undefined) {
        firstIndex.set(id, index)
        return
      }
      // Reported at both places, each pointing at the other, so either can be fixed.
      addIssue({
        code: 'custom',
        message: `${key} "${id}" is also used at $.${list}[${index}]`,
        path: [list, first, key],
      })
      addIssue({
        code: 'custom',
        message: `${key} "${id}" is already used at $.${list}[${first}]`,
        path: [list, index, key],
      })
    })
  }

  const used = new Map<string, number>()
  if (Array.isArray(value.fragments)) {
    value.fragments.forEach((ref: unknown, index) => {
      const id =
        typeof ref === 'string' ? ref : isRecord(ref) && typeof ref.id === 'string' ? ref.id : undefined
      if (id === undefined) return
      const first = used.get(id)
      if (first === undefined) used.set(id, index)
      else
        addIssue({
          code: 'custom',
          message: `fragment "${id}" is already listed at $.fragments[${first}]`,
          path: ['fragments', index],
        })
    })
  }
  if (Array.isArray(value.fragment_mods)) {
    value.fragment_mods.forEach((entry: unknown, index) => {
      const id = isRecord(entry) ? entry.fragment_id : undefined
      if (typeof id !== 'string' || id === '' || used.has(id)) return
      addIssue({
        code: 'custom',
        message: `fragment "${id}" is not in "fragments"; add it there or remove these mods`,
        path: ['fragment_mods', index, 'fragment_id'],
      })
    })
  }
}

export type ValidationResult = { ok: true; config: MachineConfig } | { ok: false; errors: FieldError[] }

/**
 * Validates a machine config, reporting every problem at once, each with its JSON path. Any input is
 * answered, never thrown on: a config nested past MAX_CONFIG_DEPTH is refused with the path where.
 */
export function validateMachineConfig(input: unknown): ValidationResult {
  if (!isRecord(input)) {
    return {
      ok: false,
      errors: [
        { path: '$', message: 'expected a JSON object such as {"components": [...], "services": [...]}' },
      ],
    }
  }
  // First, because nesting thousands deep would overflow the stack of any recursive check after it.
  const shape = checkConfigShape(input)
  if (shape.tooDeep) return { ok: false, errors: shape.errors }
  const result = MachineConfigSchema.safeParse(input, { reportInput: true })
  const errors = result.success ? [] : zodIssuesToFieldErrors(result.error.issues)
  errors.push(...shape.errors)
  if (result.success && errors.length === 0) return { ok: true, config: result.data }
  return { ok: false, errors }
}

/** A JSON Schema (draft-07) of the machine config for the editor's hover, completion and linting. */
export function machineConfigJsonSchema(): Record<string, unknown> {
  // Cross-entry rules are not expressible here; the editor also shows validateMachineConfig's errors.
  return z.toJSONSchema(MachineConfigSchema, { target: 'draft-07', io: 'input' }) as Record<string, unknown>
}

export interface ResourceListing {
  kind: ResourceKind
  /** Position in its list, for locating it in the config. */
  index: number
  /** JSON path of the entry, e.g. `$.components[2]`. */
  path: string
  name: string
  /** Normalized `namespace:kind:subtype`, whichever form the config uses. */
  api: string
  model: string | undefined
  resource: ResourceConfig
}

/** Components then services, each with its normalized API, for listing a machine's resources by type. */
export function listResources(config: MachineConfig): ResourceListing[] {
  const list = (kind: ResourceKind, resources: ResourceConfig[] | undefined): ResourceListing[] =>
    (resources ?? []).map((resource, index) => ({
      kind,
      index,
      path: `$.${kind}s[${index}]`,
      name: resource.name,
      api: resourceApi(resource, kind),
      model: resource.model,
      resource,
    }))
  return [...list('component', config.components), ...list('service', config.services)]
}
