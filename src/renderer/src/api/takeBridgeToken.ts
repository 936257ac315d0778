const STORAGE_KEY = 'fleetdesk.bridgeToken'

/** The parts of window this needs; passed in so the logic stays testable without a DOM. */
export interface TokenEnvironment {
  href: string
  storage: Pick<Storage, 'getItem' | 'setItem'>
  replaceUrl: (url: string) => void
}

/**
 * Browser mode's per-launch token arrives once in the page URL (`?token=`). Keep it in
 * sessionStorage so a reload still works, and take it out of the address bar so it is not left in
 * screenshots, history or a copied link.
 */
export function takeBridgeToken(env: TokenEnvironment): string | null {
  const url = new URL(env.href)
  const fromUrl = url.searchParams.get('token')
  if (fromUrl) {
    env.storage.setItem(STORAGE_KEY, fromUrl)
    url.searchParams.delete('token')
    env.replaceUrl(url.pathname + url.search + url.hash)
    return fromUrl
  }
  return env.storage.getItem(STORAGE_KEY)
}

export function bridgeUrl(location: { protocol: string; host: string }, path: string, token: string): string {
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws'
  return `${scheme}://${location.host}${path}?token=${encodeURIComponent(token)}`
}
