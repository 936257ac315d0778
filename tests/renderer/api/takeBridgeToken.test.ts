import { describe, expect, it } from 'vitest'
import { bridgeUrl, takeBridgeToken } from '../../../src/renderer/src/api/takeBridgeToken'

function env(href: string, stored: string | null = null) {
  const store = new Map<string, string>(stored ? [['fleetdesk.bridgeToken', stored]] : [])
  const replaced: string[] = []
  return {
    env: {
      href,
      storage: {
        getItem: (k: string) => store.get(k) ?? null,
        setItem: (k: string, v: string) => void store.set(k, v),
      },
      replaceUrl: (u: string) => void replaced.push(u),
    },
    store,
    replaced,
  }
}

describe('takeBridgeToken', () => {
  it('takes the token from the URL, keeps it for reloads and removes it from the address bar', () => {
    const e = env('http://127.0.0.1:5000/?token=abc&x=1#frag')
    expect(takeBridgeToken(e.env)).toBe('abc')
    expect(e.store.get('fleetdesk.bridgeToken')).toBe('abc')
    expect(e.replaced).toEqual(['/?x=1#frag'])
  })

  it('falls back to the stored token after a reload, and to null without either', () => {
    const reload = env('http://127.0.0.1:5000/', 'kept')
    expect(takeBridgeToken(reload.env)).toBe('kept')
    expect(reload.replaced).toEqual([])
    expect(takeBridgeToken(env('http://127.0.0.1:5000/').env)).toBeNull()
  })

  it('prefers a new token in the URL over a stored one (a restarted server)', () => {
    const e = env('http://127.0.0.1:5000/?token=new', 'old')
    expect(takeBridgeToken(e.env)).toBe('new')
    expect(e.store.get('fleetdesk.bridgeToken')).toBe('new')
  })

  it('builds the socket address on the same host, ws or wss to match the page', () => {
    expect(bridgeUrl({ protocol: 'http:', host: '127.0.0.1:5000' }, '/api', 'a b')).toBe(
      'ws://127.0.0.1:5000/api?token=a%20b',
    )
    expect(bridgeUrl({ protocol: 'https:', host: 'h' }, '/api', 't')).toBe('wss://h/api?token=t')
  })
})
