import { create } from 'zustand'
import type { SerialConsoleView, SerialPortView } from '../../../shared/api/serialViews'

/** This computer's serial ports and the consoles open on them, as the core reports them. */
export interface SerialState {
  ports: SerialPortView[]
  /** False until the first listing came back (or when it failed: `portsError` says why). */
  portsLoaded: boolean
  portsError: string | null
  consoles: Readonly<Record<string, SerialConsoleView>>
  setPorts(ports: SerialPortView[]): void
  setPortsError(error: string): void
  upsertConsole(view: SerialConsoleView): void
  dropConsole(path: string): void
}

export const useSerialStore = create<SerialState>()((set) => ({
  ports: [],
  portsLoaded: false,
  portsError: null,
  consoles: {},
  setPorts: (ports) => set({ ports, portsLoaded: true, portsError: null }),
  setPortsError: (portsError) => set({ portsError, portsLoaded: true }),
  upsertConsole: (view) => set((s) => ({ consoles: { ...s.consoles, [view.path]: view } })),
  dropConsole: (path) =>
    set((s) => {
      const consoles = { ...s.consoles }
      delete consoles[path]
      return { consoles }
    }),
}))
