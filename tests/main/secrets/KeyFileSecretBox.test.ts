import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { openKeyFileSecretBox } from '../../../src/main/secrets/KeyFileSecretBox'

const dirs: string[] = []
const tempDir = (): string => {
  const d = mkdtempSync(join(tmpdir(), 'fleetdesk-secrets-'))
  dirs.push(d)
  return d
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

describe('KeyFileSecretBox', () => {
  it('round-trips secrets, never storing them in the clear, with a private key file', async () => {
    const dir = tempDir()
    const box = await openKeyFileSecretBox(dir)
    const sealed = await box.encrypt('part-secret-123')
    expect(sealed).not.toContain('part-secret-123')
    expect(await box.decrypt(sealed)).toBe('part-secret-123')
    expect(await box.encrypt('part-secret-123')).not.toBe(sealed)
    expect(statSync(join(dir, 'secrets.key')).mode & 0o777).toBe(0o600)
    const again = await openKeyFileSecretBox(dir)
    expect(await again.decrypt(sealed)).toBe('part-secret-123')
    expect(readFileSync(join(dir, 'secrets.key'))).toHaveLength(32)
  })

  it('refuses a value sealed with another key or tampered with', async () => {
    const a = await openKeyFileSecretBox(tempDir())
    const b = await openKeyFileSecretBox(tempDir())
    const sealed = await a.encrypt('s3cret')
    await expect(b.decrypt(sealed)).rejects.toThrow()
    const parts = sealed.split('.')
    parts[3] = Buffer.from('tampered').toString('base64url')
    await expect(a.decrypt(parts.join('.'))).rejects.toThrow()
    await expect(a.decrypt('plain text')).rejects.toThrow('not a sealed secret')
  })
})
