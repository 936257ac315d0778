import { describe, expect, it } from 'vitest'
import { ErrorBoundary } from '../../../src/renderer/src/common/ErrorBoundary'
import { renderFailureText } from '../../../src/renderer/src/common/renderFailureText'

describe('renderFailureText', () => {
  it('names what failed and gives the error in its own words', () => {
    const t = renderFailureText('the CONFIGURE tab', new RangeError('Maximum call stack size exceeded'))
    expect(t.title).toBe('The CONFIGURE tab stopped working')
    expect(t.detail).toBe('RangeError: Maximum call stack size exceeded')
    expect(t.hint).toContain('Try again')
  })

  it('puts the production build\'s "object as a child" error in words', () => {
    const err = new Error(
      'Minified React error #31; visit https://react.dev/errors/31?args[]=object%20with%20keys%20%7Bfirst%7D for the full message or use the non-minified dev environment for full errors and additional helpful warnings.',
    )
    expect(renderFailureText('the fleet sidebar', err).detail).toBe(
      'Error: Data arrived in a shape this part cannot show: object with keys {first} where text or a number was expected.',
    )
  })

  it('copes with things thrown that are not errors, and with huge messages', () => {
    expect(renderFailureText('x', 'boom').detail).toBe('boom')
    expect(renderFailureText('x', { code: 3 }).detail).toContain('{"code":3}')
    expect(renderFailureText('x', undefined).detail).toContain('undefined')
    const cyclic: Record<string, unknown> = {}
    cyclic.self = cyclic
    expect(renderFailureText('x', cyclic).detail).toContain('[object Object]')
    expect(renderFailureText('x', new Error('y'.repeat(10_000))).detail.length).toBeLessThan(2100)
  })
})

describe('ErrorBoundary', () => {
  it('turns anything thrown, null included, into the error state', () => {
    expect(ErrorBoundary.getDerivedStateFromError(new Error('a')).error).toBeInstanceOf(Error)
    // null means "no error" in the state: a thrown null must still show the fallback.
    expect(ErrorBoundary.getDerivedStateFromError(null).error).not.toBeNull()
  })
})
