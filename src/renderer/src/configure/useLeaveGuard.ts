import { create } from 'zustand'

/**
 * Protects unsaved editor text. The config editor registers what would be lost; navigation goes
 * through `guard(action)`, which runs the action at once when nothing is dirty and otherwise holds it
 * until the user confirms in LeaveEditorModal.
 */
export interface LeaveGuardState {
  /** Describes the unsaved work (e.g. "the config of robot-12 (main)"); null when nothing is dirty. */
  dirty: string | null
  held: (() => void) | null
  setDirty(what: string | null): void
  guard(action: () => void): void
  confirmLeave(): void
  stay(): void
}

export const useLeaveGuard = create<LeaveGuardState>()((set, get) => ({
  dirty: null,
  held: null,
  setDirty: (dirty) => set({ dirty }),
  guard: (action) => {
    if (get().dirty === null) action()
    else set({ held: action })
  },
  confirmLeave: () => {
    const action = get().held
    set({ held: null, dirty: null })
    action?.()
  },
  stay: () => set({ held: null }),
}))

/** Navigation from anywhere in the UI: runs now, or after the user agrees to drop unsaved edits. */
export function guardedNavigate(action: () => void): void {
  useLeaveGuard.getState().guard(action)
}
