import type { Db } from '../db/Db'
import type { RateLimiter } from '../auth/rateLimiter'
import type { SealKey } from '../core/sealSecret'

/** What every area's routes get: the database, the options and the hub-wide services. */
export interface HubContext {
  db: Db
  options: HubOptions
  /** Failed sign-ins per account (email) and per client address. */
  signInLimits: { perAccount: RateLimiter; perAddress: RateLimiter }
  /** The migration level reached at start. */
  migrationLevel: number
  /** What part secrets and signing private keys are sealed under (core/sealSecret). */
  sealKey: SealKey
  /** FLEETDESK_HUB_KEY_SECRET, for signing keys stored before sealing (sync/signingKeys). */
  legacyKeySecret: string | undefined
}

/** What createHub needs besides the options: the keys (server/hubSealKey resolves them). */
export interface HubKeys {
  sealKey: SealKey
  legacyKeySecret?: string | undefined
}

export interface HubOptions {
  /** Whether anyone may create an account (and with it an organization). Off unless asked for. */
  allowSignup: boolean
  /** Largest request body accepted, in bytes (413 above). */
  bodyLimit: number
  /** pino level, or false for no logs (tests). */
  logLevel: string | false
  /** Trust X-Forwarded-For from a reverse proxy (TLS termination), for the client address. */
  trustProxy: boolean
}

export const DEFAULT_HUB_OPTIONS: HubOptions = {
  allowSignup: false,
  bodyLimit: 1024 * 1024,
  logLevel: 'info',
  trustProxy: false,
}
