import { describe, expect, it } from 'vitest'
import { signInErrorSentence } from '../../../src/renderer/src/sync/signInErrorSentence'

describe('signInErrorSentence', () => {
  it('names the password or the API key, by code, whatever English the core sent', () => {
    const error = { code: 'unauthenticated' as const, message: 'HTTP 401 from hub' }
    expect(signInErrorSentence(error, 'password')).toContain('email and password')
    expect(signInErrorSentence(error, 'api-key')).toContain('API key')
  })

  it('says the hub cannot be reached for unavailable, and lists field errors after the sentence', () => {
    expect(signInErrorSentence({ code: 'unavailable', message: 'ECONNREFUSED' }, 'password')).toContain(
      'cannot be reached',
    )
    const s = signInErrorSentence(
      {
        code: 'invalid-argument',
        message: 'x',
        fieldErrors: [{ path: '$.hubUrl', message: 'Enter an https address.' }],
      },
      'password',
    )
    expect(s).toBe('Some of what you typed is not valid. Enter an https address.')
  })

  it('never shows the raw message for an unexpected code', () => {
    const s = signInErrorSentence({ code: 'secret-not-remembered', message: 'raw internals' }, 'api-key')
    expect(s).not.toContain('raw internals')
    expect(s.length).toBeGreaterThan(0)
  })
})
