import { CoreError } from '../../shared/errors/CoreError'

/**
 * A hub address as typed into the sign-in form, made canonical: `http(s)://host[:port][/prefix]`,
 * no trailing slash. Plain http is allowed because a factory's hub often runs on one PC of its LAN
 * without TLS (docs/hub-api.md); credentials, queries and fragments in the address are refused, so
 * a secret never ends up stored in the settings as part of a URL. Pure.
 */
export function parseHubUrl(input: string): string {
  const text = input.trim()
  let url: URL
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `http://${text}`)
  } catch {
    throw new CoreError('invalid-argument', `"${input}" is not a hub address (e.g. http://hub.local:8080).`)
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new CoreError(
      'invalid-argument',
      `A hub address starts with http:// or https://, not ${url.protocol}//.`,
    )
  if (url.username !== '' || url.password !== '')
    throw new CoreError(
      'invalid-argument',
      'Put no user name or password in the hub address; sign in below it.',
    )
  if (url.search !== '' || url.hash !== '')
    throw new CoreError('invalid-argument', 'A hub address has no ?query or #fragment.')
  if (url.hostname === '') throw new CoreError('invalid-argument', 'The hub address names no host.')
  const path = url.pathname.replace(/\/+$/, '')
  return `${url.protocol}//${url.host}${path}`
}
