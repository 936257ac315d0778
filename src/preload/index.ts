import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron'
import { channelFor, eventChannelFor, isCoreEvent, isCoreMethod } from '../shared/api/channels'

/**
 * The only surface the sandboxed renderer gets: invoke a contract method by name, or listen to a
 * contract event. Names outside the contract are refused here, and again by the shell.
 */
const api = {
  invoke(method: string, params: unknown): Promise<unknown> {
    if (!isCoreMethod(method)) return Promise.reject(new Error(`Unknown method ${method}`))
    return ipcRenderer.invoke(channelFor(method), params)
  },
  on(event: string, listener: (payload: unknown) => void): () => void {
    if (!isCoreEvent(event)) throw new Error(`Unknown event ${event}`)
    const channel = eventChannelFor(event)
    const wrapped = (_e: IpcRendererEvent, payload: unknown): void => listener(payload)
    ipcRenderer.on(channel, wrapped)
    return () => {
      ipcRenderer.removeListener(channel, wrapped)
    }
  },
}

contextBridge.exposeInMainWorld('fleetdesk', api)
