import { describe, expect, it } from 'vitest'
import { backoffDelay } from '../../../src/main/sync/backoff'
import { hubErrorFor } from '../../../src/main/sync/HubRequestError'
import { parseHubUrl } from '../../../src/main/sync/hubUrl'
import { SseParser } from '../../../src/main/sync/SseParser'

describe('parseHubUrl', () => {
  it('makes a typed address canonical', () => {
    expect(parseHubUrl(' http://hub.local:8080/ ')).toBe('http://hub.local:8080')
    expect(parseHubUrl('hub.local:8080')).toBe('http://hub.local:8080')
    expect(parseHubUrl('https://example.com/fleet/')).toBe('https://example.com/fleet')
  })
  it('refuses what is not a hub address, and credentials inside one', () => {
    expect(() => parseHubUrl('ftp://hub.local')).toThrow(/http:\/\/ or https:\/\//)
    expect(() => parseHubUrl('http://ada:secret@hub.local')).toThrow(/no user name or password/)
    expect(() => parseHubUrl('http://hub.local/?token=x')).toThrow(/no \?query/)
    expect(() => parseHubUrl('http://')).toThrow(/not a hub address/)
  })
})

describe('hubErrorFor', () => {
  it('maps statuses to what the engine does next', () => {
    expect(hubErrorFor(401, { code: 'unauthenticated', message: 'no' }, null, 'x')).toMatchObject({
      failure: 'signed-out',
      code: 'unauthenticated',
    })
    expect(hubErrorFor(403, { code: 'permission-denied', message: 'Owners only.' }, null, 'x')).toMatchObject(
      {
        failure: 'forbidden',
        code: 'permission-denied',
        message: 'Owners only.',
      },
    )
    const busy = hubErrorFor(429, { code: 'rate-limited', message: 'slow' }, '7', 'x')
    expect(busy).toMatchObject({ failure: 'retry-later', retryAfterMs: 7000, transient: true })
    expect(hubErrorFor(503, '<html>proxy</html>', null, 'list changes')).toMatchObject({
      failure: 'retry-later',
      code: 'unavailable',
      transient: true,
    })
    const bad = hubErrorFor(
      400,
      { code: 'invalid-argument', message: 'bad', errors: [{ path: 'query.cursor', message: 'int' }] },
      null,
      'x',
    )
    expect(bad).toMatchObject({
      failure: 'refused',
      code: 'invalid-argument',
      fieldErrors: [{ path: 'query.cursor', message: 'int' }],
    })
    expect(bad.transient).toBe(false)
  })
})

describe('backoffDelay', () => {
  it('doubles from the base up to the cap, jittered between half and the whole step', () => {
    expect(backoffDelay(1, { baseMs: 1000, random: () => 0 })).toBe(500)
    expect(backoffDelay(1, { baseMs: 1000, random: () => 1 })).toBe(1000)
    expect(backoffDelay(3, { baseMs: 1000, random: () => 1 })).toBe(4000)
    expect(backoffDelay(50, { baseMs: 1000, maxMs: 60_000, random: () => 1 })).toBe(60_000)
    expect(backoffDelay(50, { baseMs: 1000, maxMs: 60_000, random: () => 0 })).toBe(30_000)
  })
})

describe('SseParser', () => {
  it('reads events split anywhere across chunks, skipping comments and retry fields', () => {
    const parser = new SseParser()
    const text =
      'retry: 2000\n\nevent: cursor\ndata: {"cursor": 4}\n\n: heartbeat 1\n\nevent: cursor\r\ndata: {"cursor": 5}\r\n\r\n'
    const events = []
    for (let i = 0; i < text.length; i += 3) events.push(...parser.push(text.slice(i, i + 3)))
    expect(events).toEqual([
      { event: 'cursor', data: '{"cursor": 4}' },
      { event: 'cursor', data: '{"cursor": 5}' },
    ])
  })
})
