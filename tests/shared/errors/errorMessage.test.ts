import { describe, expect, it } from 'vitest'
import { asError, errorMessage } from '../../../src/shared/errors/errorMessage'

describe('errorMessage', () => {
  it("gives an Error's own message, without its name or stack", () => {
    expect(errorMessage(new TypeError('bad input'))).toBe('bad input')
  })

  it('gives anything else thrown as a string', () => {
    expect(errorMessage('plain text')).toBe('plain text')
    expect(errorMessage(42)).toBe('42')
    expect(errorMessage(undefined)).toBe('undefined')
  })
})

describe('asError', () => {
  it('keeps an Error as it is', () => {
    const err = new RangeError('out of range')
    expect(asError(err)).toBe(err)
  })

  it('wraps anything else in an Error carrying it as the message', () => {
    const err = asError('lost the port')
    expect(err).toBeInstanceOf(Error)
    expect(err.message).toBe('lost the port')
  })
})
