import { randomBytes } from 'node:crypto'
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { StorageKind } from '../db/Db'
import { deriveSealKey, type SealKey } from '../core/sealSecret'

// Where the hub's seal key comes from. FLEETDESK_HUB_KEY_SECRET when set: several hub processes on
// one PostgreSQL must all hold it. Otherwise, on PGlite (one process, one data folder), a random
// secret the hub writes into its data folder on first start. PostgreSQL without the variable is
// refused: a key file on one machine would leave every other process unable to read the data.

export const KEY_FILE = 'hub-secret.key'

/** FLEETDESK_HUB_KEY_SECRET, or undefined when unset or empty. */
export function keySecretFromEnv(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const secret = env.FLEETDESK_HUB_KEY_SECRET
  return secret !== undefined && secret !== '' ? secret : undefined
}

/** Reads `<dataDir>/hub-secret.key`, creating it (mode 0600) with a fresh random secret if absent. */
export function keyFileSecret(dataDir: string): string {
  const path = join(dataDir, KEY_FILE)
  mkdirSync(dataDir, { recursive: true })
  try {
    // 'wx': never overwrite a key that already sealed data.
    writeFileSync(path, `${randomBytes(32).toString('base64url')}\n`, { flag: 'wx', mode: 0o600 })
    chmodSync(path, 0o600)
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err
  }
  const secret = readFileSync(path, 'utf8').trim()
  if (secret.length < 16) throw new Error(`The hub key file ${path} is empty or damaged.`)
  return secret
}

export function resolveHubSealKey(options: {
  storage: StorageKind
  dataDir: string
  env?: NodeJS.ProcessEnv
}): SealKey {
  const secret = keySecretFromEnv(options.env)
  if (secret !== undefined) return deriveSealKey(secret)
  switch (options.storage) {
    case 'postgres':
      throw new Error(
        'The hub on PostgreSQL needs FLEETDESK_HUB_KEY_SECRET: set it to one long random secret, the same for every hub process (part secrets and signing keys are sealed under it).',
      )
    case 'pglite':
      return deriveSealKey(keyFileSecret(options.dataDir))
  }
}
