import { z } from 'zod'
import {
  AssociatedConfigSchema,
  FrameSchema,
  isRecord,
  JsonObjectSchema,
  ConfigLogLevelSchema,
  NonEmptyStringSchema,
} from './resourceConfigSchema'

// Schemas of the machine config's other lists and sections (remotes, modules, packages, processes,
// jobs, network, auth). Loose like the rest: unknown keys are kept.

export const RemoteConfigSchema = z
  .looseObject({
    name: NonEmptyStringSchema.meta({ description: 'Name of the remote machine on this machine.' }),
    address: NonEmptyStringSchema.meta({ description: 'Address of the remote, e.g. "host:8080".' }),
    auth: z
      .looseObject({
        entity: z.string().optional(),
        credentials: z
          .looseObject({ type: NonEmptyStringSchema, payload: z.string() })
          .optional()
          .meta({ description: 'How to authenticate, e.g. {"type": "api-key", "payload": "..."}.' }),
      })
      .optional(),
    frame: FrameSchema.optional(),
    service_configs: z.array(AssociatedConfigSchema).optional(),
  })
  .meta({ description: 'Another machine whose resources this machine uses.' })

export const ModuleConfigSchema = z
  .looseObject({
    name: NonEmptyStringSchema.meta({ description: 'Name of the module on this machine.' }),
    type: z
      .enum(['local', 'registry'])
      .optional()
      .meta({ description: '"registry" for a module from the registry, "local" for a file on the machine.' }),
    module_id: NonEmptyStringSchema.optional().meta({
      description: 'Registry id, "namespace:name".',
      examples: ['viam:ultrasonic'],
    }),
    version: z
      .string()
      .optional()
      .meta({
        description: 'Registry version: "latest", "1.2.3", "^1" or "~1.2".',
        examples: ['latest'],
      }),
    executable_path: NonEmptyStringSchema.optional().meta({
      description: 'Path of a local module on the machine.',
    }),
    log_level: ConfigLogLevelSchema.optional(),
    disabled: z.boolean().optional(),
    env: z.record(z.string(), z.string()).optional().meta({ description: 'Environment variables.' }),
  })
  .superRefine(
    (value: unknown, ctx) => {
      if (!isRecord(value)) return
      // viam-server needs a registry id to fetch a registry module and a path to start a local one.
      const required = value.type === 'registry' ? 'module_id' : 'executable_path'
      if (value[required] === undefined) {
        ctx.addIssue({ code: 'custom', message: `missing "${required}"`, path: [] })
      }
    },
    { when: () => true },
  )
  .meta({ description: 'A module adding models to viam-server.' })

export const PackageConfigSchema = z
  .looseObject({
    name: NonEmptyStringSchema.meta({ description: 'Local name, used as ${packages.<name>}.' }),
    package: NonEmptyStringSchema.meta({ description: 'Registry package, "<org id>/<package name>".' }),
    type: NonEmptyStringSchema.optional().meta({
      examples: ['ml_model', 'module', 'archive', 'slam_map'],
    }),
    version: z
      .string()
      .optional()
      .meta({ examples: ['latest'] }),
  })
  .meta({ description: 'A registry package (ML model, archive, ...) to download to the machine.' })

export const ProcessConfigSchema = z
  .looseObject({
    id: NonEmptyStringSchema.meta({ description: 'Unique id of the process.' }),
    name: NonEmptyStringSchema.meta({ description: 'The executable to run.' }),
    args: z.array(z.string()).optional(),
    cwd: z.string().optional(),
    one_shot: z
      .boolean()
      .optional()
      .meta({ description: 'Run once at startup instead of keeping it alive.' }),
    log: z.boolean().optional().meta({ description: "Log the process's output." }),
    env: z.record(z.string(), z.string()).optional(),
  })
  .meta({ description: 'A process viam-server starts and supervises.' })

export const JobConfigSchema = z
  .looseObject({
    name: NonEmptyStringSchema,
    schedule: NonEmptyStringSchema.meta({ description: 'A cron expression or an interval such as "5s".' }),
    resource: NonEmptyStringSchema,
    method: NonEmptyStringSchema.meta({ examples: ['GetReadings', 'DoCommand'] }),
  })
  .meta({ description: 'A method called on a resource on a schedule.' })

export const NetworkSchema = z
  .looseObject({
    fqdn: z.string().optional(),
    bind_address: z.string().optional().meta({ description: 'Address to listen on, e.g. ":8080".' }),
    tls_cert_file: z.string().optional(),
    tls_key_file: z.string().optional(),
    sessions: z.looseObject({ heartbeat_window: z.string().optional() }).optional(),
  })
  .meta({ description: 'How viam-server listens.' })

export const AuthSchema = z
  .looseObject({
    handlers: z
      .array(
        z.looseObject({
          type: NonEmptyStringSchema.meta({ examples: ['api-key'] }),
          config: JsonObjectSchema.optional(),
        }),
      )
      .optional(),
    tls_auth_entities: z.array(z.string()).optional(),
  })
  .meta({ description: 'How clients authenticate to this machine.' })
