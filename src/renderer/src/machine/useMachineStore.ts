import { create } from 'zustand'
import type { MachineView } from '../../../shared/api/views'

/** The machine page's view as last fetched, shared with the top bar (role) and breadcrumb. */
export interface MachineState {
  view: MachineView | null
  setView(view: MachineView | null): void
}

export const useMachineStore = create<MachineState>()((set) => ({
  view: null,
  setView: (view) => set({ view }),
}))
