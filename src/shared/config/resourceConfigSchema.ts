import { z } from 'zod'

// Building blocks of a machine config's `components` and `services` entries, in the JSON shape that
// viam-server reads. Every object is loose: keys we do not model are kept, because configs carry
// legacy and future keys (e.g. `host` on old components) that must survive a round trip.

/** A JSON object whose contents are the driver's business (`attributes`, `agent_config`, ...). */
export const JsonObjectSchema = z.record(z.string(), z.unknown())

export const NonEmptyStringSchema = z.string().min(1)

// viam-server lower-cases levels before matching them, so `Info` and `WARN` are valid. This is the
// config's vocabulary (viam-server's, with `warning`, in any case), not the levels of Fleetdesk's own
// log entries (LOG_LEVELS in src/shared/domain/logLevel.ts): a config written for viam-server must
// validate here as it is, so the two lists stay apart.
const VIAM_LOG_LEVELS = ['debug', 'info', 'warn', 'warning', 'error'] as const
export const ConfigLogLevelSchema = z
  .string()
  .refine((s) => (VIAM_LOG_LEVELS as readonly string[]).includes(s.toLowerCase()), {
    message: 'expected a log level: "debug", "info", "warn" or "error"',
  })
  .meta({ description: 'Log level: debug, info, warn or error (any case).', examples: ['info', 'debug'] })

// The same character rules viam-server applies to each part of an API triplet.
const SINGLE_FIELD = /^[\w-]+$/
const API_TRIPLET = /^[\w-]+:[\w-]+:[\w-]+$/
const API_MESSAGE = 'expected "namespace:type:subtype" such as "rdk:component:motor"'

const ApiFieldSchema = z.string().regex(SINGLE_FIELD, {
  message: 'expected a single word of letters, digits, "_" or "-"',
})

/** `api` as a triplet string; viam-server also reads the rarer object form, so it is accepted too. */
export const ApiSchema = z
  .union(
    [
      z.string().regex(API_TRIPLET, { message: API_MESSAGE }),
      z.looseObject({ namespace: ApiFieldSchema, type: ApiFieldSchema, subtype: ApiFieldSchema }),
    ],
    { message: API_MESSAGE },
  )
  .meta({
    description:
      'The resource API as "namespace:type:subtype". Replaces the older "namespace" + "type" pair.',
    examples: ['rdk:component:motor', 'rdk:component:camera', 'rdk:service:vision'],
  })

const Vector3Schema = z.looseObject({
  x: z.number().optional(),
  y: z.number().optional(),
  z: z.number().optional(),
})

const OrientationSchema = z.looseObject({
  type: NonEmptyStringSchema.meta({
    description: 'Orientation format.',
    examples: ['ov_degrees', 'ov_radians', 'euler_angles', 'axis_angles', 'quaternion'],
  }),
  value: JsonObjectSchema.optional(),
})

const GeometrySchema = z
  .looseObject({
    type: z.string().optional(),
    label: z.string().optional(),
    translation: Vector3Schema.optional(),
    orientation: OrientationSchema.optional(),
  })
  .meta({ description: 'Collision geometry: a box (x, y, z), sphere (r) or capsule (r, l), in mm.' })

export const FrameSchema = z
  .looseObject({
    parent: NonEmptyStringSchema.meta({
      description: 'The frame this one is attached to: "world" or another resource name.',
      examples: ['world'],
    }),
    translation: Vector3Schema.optional().meta({ description: 'Offset from the parent frame, in mm.' }),
    orientation: OrientationSchema.optional(),
    geometry: GeometrySchema.optional(),
  })
  .meta({ description: 'Where the resource sits in the frame system.' })

export const AssociatedConfigSchema = z
  .looseObject({
    type: NonEmptyStringSchema.meta({
      description: 'The service this configuration is for.',
      examples: ['data_manager'],
    }),
    attributes: JsonObjectSchema.optional(),
  })
  .meta({ description: 'Per-resource configuration for a service, such as data capture methods.' })

const LogConfigurationSchema = z
  .looseObject({ level: ConfigLogLevelSchema.optional() })
  .meta({ description: 'Log level for this resource only.' })

export type ResourceKind = 'component' | 'service'

/** One entry of `components` or `services`. */
export const ResourceConfigSchema = z
  .looseObject({
    name: NonEmptyStringSchema.meta({ description: 'Unique name of the resource on this machine.' }),
    api: ApiSchema.optional(),
    namespace: ApiFieldSchema.optional().meta({
      description: 'Older form: API namespace used with "type" (default "rdk"). Prefer "api".',
    }),
    type: ApiFieldSchema.optional().meta({
      description: 'Older form: the API subtype, e.g. "motor". Prefer "api".',
      examples: ['motor', 'camera', 'board', 'base', 'arm', 'sensor', 'vision', 'data_manager'],
    }),
    model: NonEmptyStringSchema.optional().meta({
      description: 'The model implementing the API: "fake", or a triplet from a module.',
      examples: ['fake', 'rdk:builtin:fake', 'viam:ultrasonic:sensor'],
    }),
    attributes: JsonObjectSchema.optional().meta({ description: 'Model-specific settings.' }),
    depends_on: z
      .array(NonEmptyStringSchema)
      .optional()
      .meta({ description: 'Names of resources that must start before this one.' }),
    frame: FrameSchema.optional(),
    service_configs: z.array(AssociatedConfigSchema).optional().meta({
      description: 'Service settings attached to this resource (e.g. data capture).',
    }),
    log_configuration: LogConfigurationSchema.optional(),
  })
  .superRefine(
    (value: unknown, ctx) => {
      // Runs even when other fields failed, so every problem is reported at once; hence `unknown`.
      if (!isRecord(value)) return
      if (value.api === undefined && value.type === undefined) {
        ctx.addIssue({
          code: 'custom',
          message: 'missing "api" (e.g. "rdk:component:motor") or the older "type"',
          path: [],
        })
      }
    },
    { when: () => true },
  )
  .meta({ description: 'A component or service: name, api (or type), model and attributes.' })

export type ResourceConfig = z.output<typeof ResourceConfigSchema>

// viam-server's built-in service subtypes. Used only to guess the kind of an older-form entry when
// the caller does not say which list it came from; "generic" exists as both and counts as a component.
const BUILTIN_SERVICE_SUBTYPES = new Set([
  'base_remote_control',
  'data_manager',
  'discovery',
  'mlmodel',
  'motion',
  'navigation',
  'sensors',
  'shell',
  'slam',
  'vision',
  'world_state_store',
])

/**
 * The normalized `namespace:kind:subtype` of a resource in either form. The older form does not say
 * whether it is a component or a service (viam-server infers it from the list it is in), so pass
 * `kind` when you know the list; without it, built-in service subtypes count as services and
 * anything else as a component. `api` wins over `namespace`/`type` when both are present, as in
 * viam-server.
 */
export function resourceApi(resource: ResourceConfig, kind?: ResourceKind): string {
  const api: unknown = resource.api
  if (typeof api === 'string') return api
  if (isRecord(api)) return `${String(api.namespace)}:${String(api.type)}:${String(api.subtype)}`
  const subtype = resource.type
  const namespace = resource.namespace ?? 'rdk'
  const guessed: ResourceKind =
    namespace === 'rdk' && subtype !== undefined && BUILTIN_SERVICE_SUBTYPES.has(subtype)
      ? 'service'
      : 'component'
  // An unvalidated draft may lack a type; the UI still needs a group to list it under.
  return `${namespace}:${kind ?? guessed}:${subtype ?? 'unknown'}`
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
