import { describe, expect, it } from 'vitest'
import { CONFIG_CACHE_TTL_MS, configExpiry } from '../../../src/agent/hub/configExpiry'
import { backoffDelay } from '../../../src/agent/hub/backoff'

const DAY = 24 * 3600_000

describe('configExpiry', () => {
  it('is fresh, then warns in the last week, then expires after 60 days', () => {
    const t0 = Date.parse('2026-01-01T00:00:00Z')
    expect(configExpiry(t0, t0 + 10 * DAY)).toMatchObject({ state: 'fresh', message: '' })
    const warn = configExpiry(t0, t0 + 55 * DAY)
    expect(warn.state).toBe('expiring')
    expect(warn.message).toMatch(/expires in 5 days/)
    expect(configExpiry(t0, t0 + 60 * DAY - 1).state).toBe('expiring')
    const expired = configExpiry(t0, t0 + CONFIG_CACHE_TTL_MS)
    expect(expired).toMatchObject({ state: 'expired', msLeft: 0, expiresAt: '2026-03-02T00:00:00.000Z' })
  })
})

describe('backoffDelay', () => {
  it('grows, is capped, and is jittered between half the cap and the cap', () => {
    const policy = { baseMs: 100, maxMs: 1_000 }
    expect(backoffDelay(0, policy)).toBe(0)
    expect(backoffDelay(1, policy, () => 0)).toBe(50)
    expect(backoffDelay(1, policy, () => 1)).toBe(100)
    expect(backoffDelay(3, policy, () => 1)).toBe(400)
    expect(backoffDelay(50, policy, () => 0.5)).toBe(750)
  })
})
