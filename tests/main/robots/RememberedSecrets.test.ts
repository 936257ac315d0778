import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { CacheStore } from '../../../src/main/cache/types'
import { RememberedSecrets } from '../../../src/main/robots/RememberedSecrets'
import { openKeyFileSecretBox } from '../../../src/main/secrets/KeyFileSecretBox'

// What the serial probe reports as "secret remembered": a real key-file box, settings in a map.
function settings(): Pick<CacheStore, 'getSetting' | 'putSetting'> {
  const values = new Map<string, unknown>()
  return {
    getSetting: <T>(key: string) => Promise.resolve((values.get(key) as T | undefined) ?? null),
    putSetting: (key, value) => {
      values.set(key, value)
      return Promise.resolve()
    },
  }
}

describe('RememberedSecrets', () => {
  it('says whether a secret is remembered for a part, and gives it back sealed and opened', async () => {
    const box = await openKeyFileSecretBox(mkdtempSync(join(tmpdir(), 'fleetdesk-secrets-')))
    const secrets = new RememberedSecrets(settings(), box)
    expect(await secrets.has('part-1')).toBe(false)
    await secrets.remember('part-1', 'bench-secret-0123456789')
    expect(await secrets.has('part-1')).toBe(true)
    expect(await secrets.has('part-2')).toBe(false)
    expect(await secrets.authFor('part-1', { kind: 'remembered' })).toEqual({
      kind: 'secret',
      partId: 'part-1',
      secret: 'bench-secret-0123456789',
    })
  })
})
