import { readFileSync } from 'node:fs'
import { dirname, isAbsolute, resolve } from 'node:path'
import { z } from 'zod'
import { CoreError } from '../shared/errors/CoreError'
import { zodIssuesToFieldErrors } from '../shared/config/zodIssuesToFieldErrors'
import { errorMessage } from '../shared/errors/errorMessage'
import { LogLevelSchema } from '../shared/domain/logLevel'

// The agent's local config: who it is (part id and secret), where it listens, whether it
// advertises itself, where it keeps its data, the hub key it trusts, and its machine config (a
// path, or inline). Relative paths are relative to this file, so a folder can be copied whole.

export const AgentConfigSchema = z
  .object({
    partId: z.string().min(1).max(200),
    /** The part secret; owners at the bench prove they know it (it never crosses the wire). */
    secret: z.string().min(16).max(1000),
    machineName: z.string().min(1).max(200),
    listen: z
      .object({
        host: z.string().min(1).default('0.0.0.0'),
        port: z.number().int().min(0).max(65_535).default(8787),
      })
      .strict()
      .default({ host: '0.0.0.0', port: 8787 }),
    /**
     * Serial ports to serve the robot protocol on (docs/serial-protocol.md), beside the network
     * endpoint, or instead of it with `network: false`.
     */
    serial: z
      .array(
        z
          .object({
            path: z.string().min(1).max(500),
            baudRate: z.number().int().min(50).max(4_000_000).default(115_200),
          })
          .strict(),
      )
      .max(16)
      .default([]),
    /** Whether the agent listens on the network (WebRTC signaling and mDNS); false for serial only. */
    network: z.boolean().default(true),
    mdns: z
      .object({
        enabled: z.boolean().default(true),
        /** Interface name or address to advertise on, or "all"; loopback when absent (and FLEETDESK_MDNS_INTERFACE wins). */
        interface: z.string().min(1).optional(),
      })
      .strict()
      .default({ enabled: true }),
    dataDir: z.string().min(1),
    /** Networks ICE may use ("loopback", "private", CIDRs, "all"); by default loopback when listening on loopback, else all. */
    iceNetworks: z.string().min(1).max(500).optional(),
    /**
     * The hub's Ed25519 public key (SPKI PEM or JWK), or its key set (the JWKS `{keys: [...]}` of
     * `GET /v1/keys`, each with its kid), for verifying part tokens offline.
     */
    hubPublicKey: z
      .union([z.string().includes('BEGIN PUBLIC KEY'), z.record(z.string(), z.unknown())])
      .optional(),
    /**
     * The hub this part belongs to (`npm run agent -- --hub URL` sets it). The agent fetches the
     * hub's key set from `GET <url>/v1/keys`, caches it in `<dataDir>/hub-keys.json` and verifies
     * part tokens from it offline; it refreshes the set every `keyRefreshMinutes` and when a token
     * names a key id it lacks (at most once per 30 s). Not together with `hubPublicKey`.
     */
    hub: z
      .object({
        url: z
          .string()
          .url()
          .refine((u) => /^https?:\/\//i.test(u), 'the hub URL must be http:// or https://'),
        keyRefreshMinutes: z
          .number()
          .min(1)
          .max(24 * 60)
          .default(10),
      })
      .strict()
      .optional(),
    /** A path to a machine config JSON file, or the machine config itself. */
    machineConfig: z.union([z.string().min(1), z.record(z.string(), z.unknown())]).default({}),
    /**
     * The fleet's revision number of that machine config (as the hub numbers it), reported as the
     * running revision. Without it the agent numbers the configs it runs itself.
     */
    configRevision: z.number().int().min(0).optional(),
    log: z
      .object({
        level: LogLevelSchema.default('debug'),
        ringSize: z.number().int().min(100).max(1_000_000).default(10_000),
        maxFileBytes: z
          .number()
          .int()
          .min(4096)
          .default(5 * 1024 * 1024),
        maxFiles: z.number().int().min(1).max(100).default(5),
      })
      .strict()
      .default({ level: 'debug', ringSize: 10_000, maxFileBytes: 5 * 1024 * 1024, maxFiles: 5 }),
  })
  .strict()
  .refine((c) => c.hub === undefined || c.hubPublicKey === undefined, {
    message: 'give either hub (the agent fetches the hub keys) or hubPublicKey (fixed keys), not both',
    path: ['hub'],
  })

export type AgentConfig = z.output<typeof AgentConfigSchema>

/** What the command line sets over the file (`--hub URL`). */
export interface AgentConfigOverrides {
  hub?: { url: string }
}

/** Reads and validates an agent config file; paths in it come back absolute. */
export function loadAgentConfig(file: string, overrides: AgentConfigOverrides = {}): AgentConfig {
  let input: unknown
  try {
    input = JSON.parse(readFileSync(file, 'utf8'))
  } catch (err) {
    throw new CoreError('invalid-argument', `cannot read agent config ${file}: ${errorMessage(err)}`)
  }
  return parseAgentConfig(withOverrides(input, overrides), dirname(resolve(file)))
}

function withOverrides(input: unknown, overrides: AgentConfigOverrides): unknown {
  if (overrides.hub === undefined || typeof input !== 'object' || input === null) return input
  const fileHub = (input as { hub?: unknown }).hub
  const base = typeof fileHub === 'object' && fileHub !== null ? fileHub : {}
  return { ...input, hub: { ...base, ...overrides.hub } }
}

export function parseAgentConfig(input: unknown, baseDir: string): AgentConfig {
  const parsed = AgentConfigSchema.safeParse(input, { reportInput: true })
  if (!parsed.success) {
    const errors = zodIssuesToFieldErrors(parsed.error.issues)
    throw new CoreError(
      'invalid-argument',
      `invalid agent config: ${errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`,
      errors,
    )
  }
  const config = parsed.data
  const abs = (p: string): string => (isAbsolute(p) ? p : resolve(baseDir, p))
  return {
    ...config,
    dataDir: abs(config.dataDir),
    machineConfig:
      typeof config.machineConfig === 'string' ? abs(config.machineConfig) : config.machineConfig,
  }
}
