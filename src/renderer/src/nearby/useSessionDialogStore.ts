import { create } from 'zustand'

export interface ConnectTarget {
  partId: string
  machineName: string
  /** A machine of the cached fleet (whose secret may be remembered) rather than a stranger on the LAN. */
  known: boolean
}

/** The one connect dialog, opened from the Nearby list or a machine page. */
export interface SessionDialogState {
  target: ConnectTarget | null
  /** Bumped on each open, so the dialog starts fresh even for the same robot. */
  nonce: number
  open(target: ConnectTarget): void
  close(): void
}

export const useSessionDialogStore = create<SessionDialogState>()((set) => ({
  target: null,
  nonce: 0,
  open: (target) => set((s) => ({ target, nonce: s.nonce + 1 })),
  close: () => set({ target: null }),
}))

export function openSessionDialog(target: ConnectTarget): void {
  useSessionDialogStore.getState().open(target)
}
