import { describe, expect, it } from 'vitest'
import {
  describeFetchFailure,
  MAX_SIGNAL_RETRIES,
  signalNetworkRetryDelayMs,
  signalRetryDelayMs,
} from '../../../../src/main/robots/webrtc/signalRetry'

const base = { retries: 0, remainingMs: 10_000, now: Date.parse('2026-12-01T10:00:00Z') }

describe('signalRetryDelayMs', () => {
  it('waits as long as the agent says on 429 and 503', () => {
    expect(signalRetryDelayMs({ ...base, status: 429, retryAfter: '2' })).toBe(2000)
    expect(signalRetryDelayMs({ ...base, status: 503, retryAfter: ' 1 ' })).toBe(1000)
    expect(signalRetryDelayMs({ ...base, status: 503, retryAfter: 'Tue, 01 Dec 2026 10:00:03 GMT' })).toBe(
      3000,
    )
    expect(signalRetryDelayMs({ ...base, status: 503, retryAfter: 'Tue, 01 Dec 2026 09:00:00 GMT' })).toBe(0)
  })

  it('does not retry what waiting cannot fix, nor past the deadline or the retry budget', () => {
    expect(signalRetryDelayMs({ ...base, status: 400, retryAfter: '1' })).toBeNull()
    expect(signalRetryDelayMs({ ...base, status: 500, retryAfter: '1' })).toBeNull()
    expect(signalRetryDelayMs({ ...base, status: 429, retryAfter: null })).toBeNull()
    expect(signalRetryDelayMs({ ...base, status: 429, retryAfter: 'soon' })).toBeNull()
    expect(signalRetryDelayMs({ ...base, status: 429, retryAfter: '10' })).toBeNull()
    expect(
      signalRetryDelayMs({ ...base, status: 429, retryAfter: '1', retries: MAX_SIGNAL_RETRIES }),
    ).toBeNull()
  })
})

describe('signalNetworkRetryDelayMs', () => {
  it('waits a little longer each time, within the budget and the deadline', () => {
    expect([0, 1, 2].map((retries) => signalNetworkRetryDelayMs({ retries, remainingMs: 10_000 }))).toEqual([
      200, 400, 800,
    ])
    expect(signalNetworkRetryDelayMs({ retries: MAX_SIGNAL_RETRIES, remainingMs: 10_000 })).toBeNull()
    expect(signalNetworkRetryDelayMs({ retries: 0, remainingMs: 150 })).toBeNull()
  })
})

describe('describeFetchFailure', () => {
  it("names the cause's code rather than undici's bare 'fetch failed'", () => {
    const refused = new TypeError('fetch failed', {
      cause: Object.assign(new Error('x'), { code: 'ECONNREFUSED' }),
    })
    expect(describeFetchFailure(refused)).toBe('the robot could not be reached (ECONNREFUSED)')
    expect(
      describeFetchFailure(new TypeError('fetch failed', { cause: new Error('other side closed') })),
    ).toBe('the robot could not be reached (other side closed)')
    expect(describeFetchFailure(new TypeError('fetch failed'))).toBe(
      'the robot could not be reached (fetch failed)',
    )
  })
})
