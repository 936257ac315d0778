import { create } from 'zustand'
import type { MachineTab } from '../../../shared/api/views'

/**
 * A request from elsewhere in the window (the pending-edits list) to show one tab of a machine's
 * page. The page takes it once, whether it was already open or mounts for it.
 */
export interface MachineTabRequest {
  machineId: string
  tab: MachineTab
  nonce: number
}

interface TabRequestState {
  request: MachineTabRequest | null
  ask(machineId: string, tab: MachineTab): void
  /** The page applied it: a later visit to the machine keeps the tab the user was on. */
  taken(nonce: number): void
}

// Never reused, so a page that took request 3 is never confused by a new request 3.
let lastNonce = 0

export const useMachineTabRequest = create<TabRequestState>()((set) => ({
  request: null,
  ask: (machineId, tab) => set({ request: { machineId, tab, nonce: ++lastNonce } }),
  taken: (nonce) => set((s) => (s.request?.nonce === nonce ? { request: null } : s)),
}))
