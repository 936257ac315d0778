import { describe, expect, it } from 'vitest'
import { summarizeUsage, toCount } from '../../../src/hub/usage/summarizeUsage'
import type { OrgId } from '../../../src/shared/ids'

describe('summarizeUsage', () => {
  it('adds log and package bytes into storage', () => {
    const u = summarizeUsage(
      'o' as OrgId,
      {
        machines: 2,
        parts: 3,
        logLines: 10,
        logBytes: 400,
        packages: 1,
        packageVersions: 2,
        packageBytes: 600,
      },
      new Date(0),
    )
    expect(u.storageBytes).toBe(1000)
    expect(u.measuredAt).toBe('1970-01-01T00:00:00.000Z')
  })

  it('reads counts as SQL returns them and refuses anything else', () => {
    expect(toCount('12')).toBe(12)
    expect(toCount(3)).toBe(3)
    expect(() => toCount(null)).toThrow()
    expect(() => toCount('-1')).toThrow()
  })
})
