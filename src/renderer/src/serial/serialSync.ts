import { getCoreApi } from '../api/getCoreApi'
import { describeFailure } from '../common/describeFailure'
import { ConsoleFeed } from './ConsoleFeed'
import { useSerialStore } from './useSerialStore'

/** The copies of the consoles this window shows, by path; a batch for any other path is not kept. */
const feeds = new Map<string, ConsoleFeed>()
const feedListeners = new Map<string, Set<() => void>>()

function changed(path: string): void {
  for (const l of feedListeners.get(path) ?? []) l()
}

/** This window's copy of a console, loaded from the core's snapshot the first time it is asked for. */
export function feedFor(path: string): ConsoleFeed {
  let feed = feeds.get(path)
  if (!feed) {
    feed = new ConsoleFeed()
    feeds.set(path, feed)
    void reloadFeed(path)
  }
  return feed
}

/** Asks the core for a console's lines again (first view, after the socket came back, after a reopen). */
export async function reloadFeed(path: string): Promise<void> {
  const feed = feeds.get(path)
  if (!feed) return
  try {
    const snapshot = await getCoreApi().getSerialConsole({ path })
    if (snapshot) {
      feed.load(snapshot)
      useSerialStore.getState().upsertConsole(snapshot)
    } else {
      feed.load({ ...emptyView(path), lines: [], partial: null })
    }
    changed(path)
  } catch {
    // The core is unreachable: the carrier's reconnect reloads every feed.
  }
}

function emptyView(path: string): Parameters<ConsoleFeed['load']>[0] {
  return {
    path,
    baudRate: 0,
    state: 'closed',
    sharedWithSession: false,
    error: null,
    trimmed: 0,
    bytesIn: 0,
    bytesOut: 0,
    clears: 0,
    logFile: null,
    lines: [],
    partial: null,
  }
}

/** Calls `listener` when a console's copy changed; returns the unsubscribe. */
export function onFeedChange(path: string, listener: () => void): () => void {
  let set = feedListeners.get(path)
  if (!set) {
    set = new Set()
    feedListeners.set(path, set)
  }
  set.add(listener)
  return () => set.delete(listener)
}

export async function loadSerialPorts(): Promise<void> {
  try {
    useSerialStore.getState().setPorts(await getCoreApi().listSerialPorts({}))
  } catch (err) {
    useSerialStore.getState().setPortsError(describeFailure('list the serial ports', err).message)
  }
}

/** Keeps the serial store and the shown consoles in step with the core's events. */
export function startSerialSync(): () => void {
  const api = getCoreApi()
  let down = false
  const offs = [
    api.on('serialPorts', (ports) => useSerialStore.getState().setPorts(ports)),
    api.on('serialConsoleState', (view) => {
      useSerialStore.getState().upsertConsole(view)
      const feed = feeds.get(view.path)
      if (feed) {
        feed.noteClears(view.clears)
        changed(view.path)
      }
    }),
    api.on('serialConsole', (batch) => {
      const feed = feeds.get(batch.path)
      if (!feed) return
      feed.add(batch)
      changed(batch.path)
    }),
    api.onCarrierState((state) => {
      if (state === 'disconnected') down = true
      if (state === 'open' && down) {
        down = false
        void loadSerialPorts()
        for (const path of feeds.keys()) void reloadFeed(path)
      }
    }),
  ]
  void loadSerialPorts()
  return () => {
    for (const off of offs) off()
  }
}
