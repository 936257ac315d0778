import { getCoreApi } from '../api/getCoreApi'
import { feedFor, reloadFeed } from './serialSync'
import { showSerialConsole } from './serialKey'
import { useSerialStore } from './useSerialStore'

/**
 * Opens (or joins) the console on a port and shows it; rejects with the core's words. With
 * `showOnFailure` the console is shown even when the port would not open: it says why, with
 * "Try again" beside it.
 */
export async function openConsole(path: string, baudRate: number, showOnFailure = false): Promise<void> {
  try {
    const snapshot = await getCoreApi().openSerialConsole({ path, baudRate })
    useSerialStore.getState().upsertConsole(snapshot)
    feedFor(path).load(snapshot)
    showSerialConsole(path)
  } catch (err) {
    if (showOnFailure) {
      void reloadFeed(path)
      showSerialConsole(path)
    }
    throw err
  }
}
