import { z } from 'zod'
import { errorMessage } from '../../shared/errors/errorMessage'
import type { CacheStore } from '../cache/types'
import type { SecretBox } from '../secrets/SecretBox'
import type { HubCredential } from './HubClient'

/** Where the sealed credentials live (a cache setting: journaled, so durable when saved). */
export const HUB_CREDENTIAL_SETTING = 'hub.credential'

const StoredSchema = z.object({
  hubUrl: z.string(),
  kind: z.enum(['session', 'api-key']),
  /** The session token, or `{keyId, secret}` as JSON, sealed by the SecretBox. */
  sealed: z.string(),
  expiresAt: z.string().nullable(),
  label: z.string(),
})
type Stored = z.output<typeof StoredSchema>

const KeySchema = z.object({ keyId: z.string().min(1), secret: z.string().min(1) })

export type LoadedCredential =
  | { ok: true; hubUrl: string; label: string; credential: HubCredential }
  | { ok: false; hubUrl: string | null; reason: string }

/**
 * The hub credentials of this desktop, sealed at rest by the SecretBox (the OS keychain in the
 * Electron shell, the data folder's key file in browser mode): the settings hold only the sealed
 * form, never a token or a key secret in plain text.
 */
export class HubCredentialStore {
  constructor(
    private readonly cache: CacheStore,
    private readonly secrets: SecretBox,
  ) {}

  async save(hubUrl: string, credential: HubCredential, label: string): Promise<void> {
    const plain =
      credential.kind === 'session'
        ? credential.token
        : JSON.stringify({ keyId: credential.keyId, secret: credential.secret })
    const stored: Stored = {
      hubUrl,
      kind: credential.kind,
      sealed: await this.secrets.encrypt(plain),
      expiresAt: credential.kind === 'session' ? credential.expiresAt : null,
      label,
    }
    await this.cache.putSetting(HUB_CREDENTIAL_SETTING, stored)
  }

  /** null: never signed in (or signed out). A credential that cannot be used says why. */
  async load(now: Date = new Date()): Promise<LoadedCredential | null> {
    const raw = await this.cache.getSetting<unknown>(HUB_CREDENTIAL_SETTING)
    if (raw === null) return null
    const parsed = StoredSchema.safeParse(raw)
    if (!parsed.success)
      return { ok: false, hubUrl: null, reason: 'The stored hub sign-in is unreadable; sign in again.' }
    const stored = parsed.data
    let plain: string
    try {
      plain = await this.secrets.decrypt(stored.sealed)
    } catch (err) {
      return {
        ok: false,
        hubUrl: stored.hubUrl,
        reason: `The stored hub sign-in cannot be unsealed on this computer (${errorMessage(err)}); sign in again.`,
      }
    }
    if (stored.kind === 'session') {
      if (stored.expiresAt !== null && Date.parse(stored.expiresAt) <= now.getTime())
        return { ok: false, hubUrl: stored.hubUrl, reason: 'The hub session has expired; sign in again.' }
      return {
        ok: true,
        hubUrl: stored.hubUrl,
        label: stored.label,
        credential: { kind: 'session', token: plain, expiresAt: stored.expiresAt ?? '' },
      }
    }
    let key: z.output<typeof KeySchema>
    try {
      key = KeySchema.parse(JSON.parse(plain))
    } catch {
      return { ok: false, hubUrl: stored.hubUrl, reason: 'The stored API key is unreadable; sign in again.' }
    }
    return { ok: true, hubUrl: stored.hubUrl, label: stored.label, credential: { kind: 'api-key', ...key } }
  }

  async clear(): Promise<void> {
    await this.cache.putSetting(HUB_CREDENTIAL_SETTING, null)
  }
}
