import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron'
import { channelFor, coreEventNames, coreMethodNames, eventChannelFor } from '../../shared/api/contract'
import type { Reply } from '../../shared/errors/CoreError'
import type { FleetCore } from '../core/FleetCore'
import { isAppUrl } from './secureWindow'

/**
 * One handler per contract method, on channels derived from the method names. A call from any
 * frame but the app's own page (a foreign origin, a subframe) is refused before the core sees it.
 */
export function registerIpc(core: FleetCore, win: BrowserWindow, appUrl: string): () => void {
  // Frames are compared by process and routing id: WebFrameMain wrappers are not guaranteed to be
  // the same object for the same frame.
  const trusted = (event: IpcMainInvokeEvent): boolean => {
    const frame = event.senderFrame
    const main = win.webContents.mainFrame
    return (
      event.sender.id === win.webContents.id &&
      frame !== null &&
      frame.processId === main.processId &&
      frame.routingId === main.routingId &&
      isAppUrl(frame.url, appUrl)
    )
  }

  for (const method of coreMethodNames) {
    ipcMain.handle(channelFor(method), async (event, params: unknown): Promise<Reply<unknown>> => {
      if (!trusted(event))
        return {
          ok: false,
          error: { code: 'permission-denied', message: 'Call from an untrusted frame refused.' },
        }
      return core.handle(method, params)
    })
  }
  const offs = coreEventNames.map((name) =>
    core.events.on(name, (payload) => {
      if (!win.isDestroyed()) win.webContents.send(eventChannelFor(name), payload)
    }),
  )
  return () => {
    for (const method of coreMethodNames) ipcMain.removeHandler(channelFor(method))
    for (const off of offs) off()
  }
}
