import { homedir } from 'node:os'
import { join, resolve } from 'node:path'

/**
 * Where the cache lives: `--data-dir`, else FLEETDESK_DATA_DIR, else the platform's app-data folder
 * (the same folder Electron's `userData` names, so the desktop app and browser mode share a cache).
 */
export function resolveDataDir(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  if (flag) return resolve(flag)
  if (env.FLEETDESK_DATA_DIR) return resolve(env.FLEETDESK_DATA_DIR)
  return defaultAppDataDir(env)
}

export function defaultAppDataDir(env: NodeJS.ProcessEnv = process.env): string {
  switch (process.platform) {
    case 'win32':
      return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'Fleetdesk')
    case 'darwin':
      return join(homedir(), 'Library', 'Application Support', 'Fleetdesk')
    default:
      return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'Fleetdesk')
  }
}
