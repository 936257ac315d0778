import { create } from 'zustand'
import type { AppStatus, FleetTree, IdentityView } from '../../../shared/api/views'
import type { CarrierState } from '../api/CoreCarrier'
import { buildFleetIndex, type FleetIndex } from './buildFleetIndex'

/** What the core has told us: connectivity, who we are, and the fleet as cached locally. */
export interface AppState {
  carrier: CarrierState
  status: AppStatus | null
  identity: IdentityView | null
  tree: FleetTree | null
  /** Derived from `tree` once per change, shared by the sidebar, the overview and the breadcrumb. */
  index: FleetIndex | null
  /** Why the first load failed, shown instead of the app until a retry works. */
  loadError: string | null
  dismissedNotices: ReadonlySet<string>
  setCarrier(state: CarrierState): void
  setStatus(status: AppStatus): void
  setIdentity(identity: IdentityView): void
  setTree(tree: FleetTree): void
  setLoadError(message: string | null): void
  dismissNotice(id: string): void
}

export const useAppStore = create<AppState>()((set) => ({
  carrier: 'connecting',
  status: null,
  identity: null,
  tree: null,
  index: null,
  loadError: null,
  dismissedNotices: new Set(),
  setCarrier: (carrier) => set({ carrier }),
  setStatus: (status) => set({ status }),
  setIdentity: (identity) => set({ identity }),
  setTree: (tree) => set({ tree, index: buildFleetIndex(tree) }),
  setLoadError: (loadError) => set({ loadError }),
  dismissNotice: (id) => set((s) => ({ dismissedNotices: new Set(s.dismissedNotices).add(id) })),
}))
