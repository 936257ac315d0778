import { safeStorage } from 'electron'
import type { SecretBox } from '../secrets/SecretBox'

/** Secrets sealed with the OS keychain (Keychain, DPAPI, libsecret) through Electron's safeStorage. */
export function safeStorageSecretBox(): SecretBox | null {
  if (!safeStorage.isEncryptionAvailable()) return null
  return {
    kind: 'os-keychain',
    encrypt: async (plain) => safeStorage.encryptString(plain).toString('base64'),
    decrypt: async (sealed) => safeStorage.decryptString(Buffer.from(sealed, 'base64')),
  }
}
