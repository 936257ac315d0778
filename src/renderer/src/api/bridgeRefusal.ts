import { BRIDGE_CLOSE } from '../../../shared/api/bridgeProtocol'

// What the page says when browser mode will not let it in. There is no sign-in to offer here: the
// only cure is the address Fleetdesk printed for the launch that is running now.

export const TOKEN_REFUSED_MESSAGE =
  "This link's token is not valid for the running Fleetdesk: open the address printed by `npm run serve` (or by the app) again."

export const TOKEN_MISSING_MESSAGE =
  'This page was opened without its access token: open the address printed by `npm run serve` (or by the app) again; it ends in ?token=...'

/** The refusal a close code stands for, or null for a close that is worth retrying. */
export function refusalForClose(code: number | undefined): string | null {
  if (code === BRIDGE_CLOSE.tokenRefused) return TOKEN_REFUSED_MESSAGE
  if (code === BRIDGE_CLOSE.tokenMissing) return TOKEN_MISSING_MESSAGE
  return null
}
