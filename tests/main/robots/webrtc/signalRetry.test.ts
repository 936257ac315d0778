import { describe, expect, it } from 'vitest'
import { MAX_SIGNAL_RETRIES, signalRetryDelayMs } from '../../../../src/main/robots/webrtc/signalRetry'

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
