import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto'
import { chmod, open, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { SecretBox } from './SecretBox'

const KEY_FILE = 'secrets.key'
const VERSION = 'v1'

/**
 * AES-256-GCM with a random key kept in `secrets.key` (mode 0600) in the data folder: secrets in the
 * cache are useless without that file, and tampering is detected by the authentication tag.
 * Sealed form: `v1.<iv>.<tag>.<ciphertext>`, each base64url.
 */
export async function openKeyFileSecretBox(dataDir: string): Promise<SecretBox> {
  const key = await loadOrCreateKey(join(dataDir, KEY_FILE))
  return {
    kind: 'key-file',
    encrypt: async (plain) => {
      const iv = randomBytes(12)
      const cipher = createCipheriv('aes-256-gcm', key, iv)
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()])
      return [VERSION, iv, cipher.getAuthTag(), body]
        .map((p) => (typeof p === 'string' ? p : p.toString('base64url')))
        .join('.')
    },
    decrypt: async (sealed) => {
      const [version, iv, tag, body] = sealed.split('.')
      if (version !== VERSION || !iv || !tag || body === undefined)
        throw new Error('not a sealed secret of this app')
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'))
      decipher.setAuthTag(Buffer.from(tag, 'base64url'))
      return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString(
        'utf8',
      )
    },
  }
}

async function loadOrCreateKey(path: string): Promise<Buffer> {
  try {
    const key = await readFile(path)
    if (key.length !== 32)
      throw new Error(`${path} is not a 32-byte key; move it away to start with new secrets`)
    return key
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err
  }
  const key = randomBytes(32)
  // 'wx': never overwrite a key another process created meanwhile; that one wins.
  try {
    const handle = await open(path, 'wx', 0o600)
    await handle.writeFile(key)
    await handle.sync()
    await handle.close()
    await chmod(path, 0o600)
    return key
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return readFile(path)
    throw err
  }
}
