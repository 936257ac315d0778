/**
 * The two credentials the hub accepts in the Authorization header:
 * - `Bearer <session token>` from signing in (users);
 * - `ApiKey <key id>:<secret>` (API keys).
 * Pure, so the wire format is tested apart from the database.
 */
export type Credential = { kind: 'session'; token: string } | { kind: 'api-key'; id: string; secret: string }

export type ParsedAuthorization = { ok: true; credential: Credential } | { ok: false; message: string }

const MAX_HEADER = 1024

export function parseAuthorization(header: string | undefined): ParsedAuthorization {
  if (header === undefined || header.trim() === '') {
    return {
      ok: false,
      message:
        'Sign in first: send "Authorization: Bearer <session>" or "Authorization: ApiKey <id>:<secret>".',
    }
  }
  if (header.length > MAX_HEADER) return { ok: false, message: 'The Authorization header is too long.' }
  const space = header.indexOf(' ')
  const scheme = space < 0 ? header : header.slice(0, space)
  const value = space < 0 ? '' : header.slice(space + 1).trim()
  switch (scheme.toLowerCase()) {
    case 'bearer':
      if (value === '') return { ok: false, message: 'The Bearer credential is empty.' }
      return { ok: true, credential: { kind: 'session', token: value } }
    case 'apikey': {
      const colon = value.indexOf(':')
      if (colon <= 0 || colon === value.length - 1) {
        return { ok: false, message: 'An API key is sent as "ApiKey <id>:<secret>".' }
      }
      return {
        ok: true,
        credential: { kind: 'api-key', id: value.slice(0, colon), secret: value.slice(colon + 1) },
      }
    }
    default:
      return {
        ok: false,
        message: `Unknown authorization scheme "${scheme.slice(0, 40)}"; use Bearer or ApiKey.`,
      }
  }
}
