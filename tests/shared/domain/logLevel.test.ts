import { describe, expect, it } from 'vitest'
import { LOG_LEVELS, LogLevelSchema, levelAtLeast } from '../../../src/shared/domain/logLevel'

describe('log levels', () => {
  it('orders debug < info < warn < error', () => {
    expect(LOG_LEVELS).toEqual(['debug', 'info', 'warn', 'error'])
    for (const [i, level] of LOG_LEVELS.entries())
      for (const [j, min] of LOG_LEVELS.entries()) expect(levelAtLeast(level, min)).toBe(i >= j)
  })

  it("accepts exactly Fleetdesk's own levels, in lower case", () => {
    for (const level of LOG_LEVELS) expect(LogLevelSchema.parse(level)).toBe(level)
    // viam-server's config vocabulary ('warning', any case) is the config schema's, not this one.
    for (const other of ['warning', 'INFO', 'trace', ''])
      expect(LogLevelSchema.safeParse(other).success).toBe(false)
  })
})
