/**
 * Encrypts secrets at rest (part secrets, tokens). The Electron shell supplies one backed by the
 * OS keychain (safeStorage); browser mode and tests use a key file in the data folder.
 */
export interface SecretBox {
  readonly kind: 'os-keychain' | 'key-file'
  encrypt(plain: string): Promise<string>
  /** Throws if the value was not sealed by this box (another machine's key, tampering). */
  decrypt(sealed: string): Promise<string>
}
