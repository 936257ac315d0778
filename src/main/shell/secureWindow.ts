import { BrowserWindow, dialog, shell, type MessageBoxSyncOptions, type WebContents } from 'electron'
import { join } from 'node:path'
// electron-vite copies the file into out/main and gives its path (the packaged app's window icon on
// Linux and Windows; macOS takes the app bundle's icns, made from the same drawing).
import icon from '../../../resources/icon.png?asset'

/**
 * Every window goes through here (as in Signal Desktop): isolated, sandboxed, no Node in the page,
 * navigation away from the app refused, new windows refused and http(s) links opened outside.
 */
export function createSecureWindow(options: {
  preload: string
  appUrl: string
  title: string
}): BrowserWindow {
  const win = new BrowserWindow({
    width: 1440,
    height: 900,
    minWidth: 960,
    minHeight: 600,
    title: options.title,
    icon,
    backgroundColor: '#1a1b1e',
    show: false,
    webPreferences: {
      preload: options.preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      spellcheck: false,
    },
  })
  lockDown(win.webContents, options.appUrl)
  win.once('ready-to-show', () => win.show())
  return win
}

export function lockDown(contents: WebContents, appUrl: string): void {
  contents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url, appUrl)) event.preventDefault()
  })
  contents.on('will-attach-webview', (event) => event.preventDefault())
  // The renderer's beforeunload guard (an unsaved config) would otherwise cancel the close silently.
  contents.on('will-prevent-unload', (event) => {
    const options: MessageBoxSyncOptions = {
      type: 'warning',
      buttons: ['Keep editing', 'Discard and close'],
      defaultId: 0,
      cancelId: 0,
      message: 'A config has unsaved changes.',
      detail: 'Closing now discards them. Saved edits are kept and will sync later.',
    }
    const owner = BrowserWindow.fromWebContents(contents)
    const choice = owner ? dialog.showMessageBoxSync(owner, options) : dialog.showMessageBoxSync(options)
    if (choice === 1) event.preventDefault()
  })
  contents.setWindowOpenHandler(({ url }) => {
    if (/^https?:\/\//.test(url)) void shell.openExternal(url)
    return { action: 'deny' }
  })
}

/** The renderer is either the built file or, in development, the electron-vite dev server. */
export function isAppUrl(url: string, appUrl: string): boolean {
  try {
    const target = new URL(url)
    const app = new URL(appUrl)
    if (app.protocol === 'file:') return target.protocol === 'file:' && target.pathname === app.pathname
    return target.origin === app.origin
  } catch {
    return false
  }
}

export const rendererIndex = (mainDir: string): string => join(mainDir, '..', 'renderer', 'index.html')
