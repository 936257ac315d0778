import { getCoreApi } from '../api/getCoreApi'
import { describeFailure } from '../common/describeFailure'
import { runAction } from '../common/notifyFailure'
import { useAppStore } from './useAppStore'

/** Listeners (the open machine page) that refetch when the fleet changes. */
const fleetListeners = new Set<() => void>()

export function onFleetChanged(listener: () => void): () => void {
  fleetListeners.add(listener)
  return () => {
    fleetListeners.delete(listener)
  }
}

let treeInFlight: Promise<void> | null = null
let treeAgain = false

/** Refetches the tree; a burst of fleetChanged events costs at most one fetch in flight plus one after. */
export function refreshTree(): Promise<void> {
  if (treeInFlight) {
    treeAgain = true
    return treeInFlight
  }
  treeInFlight = (async () => {
    do {
      treeAgain = false
      const tree = await runAction('load the fleet from the local cache', () => getCoreApi().getFleetTree({}))
      if (tree) useAppStore.getState().setTree(tree)
    } while (treeAgain)
  })().finally(() => {
    treeInFlight = null
  })
  return treeInFlight
}

export async function refreshStatus(): Promise<void> {
  const status = await runAction('read the connection status', () => getCoreApi().getStatus({}))
  if (status) useAppStore.getState().setStatus(status)
}

/** The first load: status, identity and tree together. A failure here replaces the app with a retry. */
export async function loadAll(): Promise<void> {
  const api = getCoreApi()
  const store = useAppStore.getState()
  try {
    const [status, identity, tree] = await Promise.all([
      api.getStatus({}),
      api.getIdentity({}),
      api.getFleetTree({}),
    ])
    store.setStatus(status)
    store.setIdentity(identity)
    store.setTree(tree)
    store.setLoadError(null)
  } catch (err) {
    const { title, message } = describeFailure('load Fleetdesk', err)
    store.setLoadError(`${title}. ${message}`)
  }
}

/**
 * Keeps the stores in step with the core: status pushes, fleet changes, and a full reload after the
 * browser-mode socket comes back (events sent while it was down are lost). Returns the unsubscribe.
 */
export function startCoreSync(): () => void {
  const api = getCoreApi()
  const app = useAppStore.getState()
  app.setCarrier(api.carrierState())
  const offs = [
    api.on('status', (status) => {
      const before = useAppStore.getState().status
      useAppStore.getState().setStatus(status)
      // Pending counts per machine live in the tree; a save or a sync changes them without a
      // fleetChanged event, so refetch the tree when the total moves.
      if (before && before.pendingCount !== status.pendingCount) void refreshTree()
    }),
    api.on('fleetChanged', () => {
      void refreshTree()
      // What changed the fleet (a machine added with its first edit, a sync, an edit discarded) may
      // have changed the outbox too: the pending count is read again with the tree.
      void refreshStatus()
      // A new fleet (the demo fleet, a first sync) may come with a different identity.
      void getCoreApi()
        .getIdentity({})
        .then((identity) => useAppStore.getState().setIdentity(identity))
        .catch(() => undefined) // the tree refresh reports failures; one toast is enough
      for (const l of [...fleetListeners]) l()
    }),
    api.onCarrierState((state) => {
      const wasDown = useAppStore.getState().carrier === 'disconnected'
      useAppStore.getState().setCarrier(state)
      if (state === 'open' && wasDown) {
        void loadAll()
        for (const l of [...fleetListeners]) l()
      }
    }),
  ]
  void loadAll()
  return () => {
    for (const off of offs) off()
  }
}
