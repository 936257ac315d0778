import { BRIDGE_PATH } from '../../../shared/api/bridgeProtocol'
import { TOKEN_MISSING_MESSAGE } from './bridgeRefusal'
import { CoreError } from '../../../shared/errors/CoreError'
import type { CarrierState, CoreCarrier } from './CoreCarrier'
import { createCoreClient, type CoreClient } from './createCoreClient'
import { createIpcCarrier } from './createIpcCarrier'
import { createWebSocketCarrier } from './createWebSocketCarrier'
import { openBrowserSocket } from './openBrowserSocket'
import { preloadApi } from './fleetdeskGlobal'
import { bridgeUrl, takeBridgeToken } from './takeBridgeToken'

let client: CoreClient | null = null

/**
 * Browser mode opened without the token: refused from the start, since no retry can help, and every
 * call fails with what the user must do.
 */
function missingTokenCarrier(): CoreCarrier {
  const error = new CoreError('unauthenticated', TOKEN_MISSING_MESSAGE)
  return {
    invoke: () => Promise.reject(error),
    on: () => () => undefined,
    state: (): CarrierState => 'refused',
    onStateChange: () => () => undefined,
    refusal: () => TOKEN_MISSING_MESSAGE,
  }
}

function browserCarrier(): CoreCarrier {
  const token = takeBridgeToken({
    href: window.location.href,
    storage: window.sessionStorage,
    replaceUrl: (url) => window.history.replaceState(window.history.state, '', url),
  })
  if (!token) return missingTokenCarrier()
  return createWebSocketCarrier({
    url: bridgeUrl(window.location, BRIDGE_PATH, token),
    createSocket: openBrowserSocket,
  })
}

/** The one client for the core, over Electron IPC when the preload is there, else the WebSocket bridge. */
export function getCoreApi(): CoreClient {
  if (client) return client
  const bridge = preloadApi()
  client = createCoreClient(bridge ? createIpcCarrier(bridge) : browserCarrier())
  return client
}
