import { create } from 'zustand'
import type { ReadingsData } from '../../../shared/api/robotViews'
import { numericFields, ReadingsHistory } from './readingsHistory'

/** About a minute at the 5 Hz the CONTROL tab watches at. */
export const HISTORY_SAMPLES = 300

export interface ReadingsState {
  /** The latest readings per part id, by resource name. */
  latest: Readonly<Record<string, ReadingsData>>
  /** Bumped per part on each sample, so plots redraw from the history below. */
  version: Readonly<Record<string, number>>
  record(partId: string, data: ReadingsData): void
  forget(partId: string): void
}

// Plot history lives outside React state: ring buffers mutated in place, read by the plots when
// `version` moves. Copying them into state five times a second would be waste.
const histories = new Map<string, Map<string, ReadingsHistory>>()

export function readingsHistory(partId: string, name: string): ReadingsHistory | undefined {
  return histories.get(partId)?.get(name)
}

export const useReadingsStore = create<ReadingsState>()((set) => ({
  latest: {},
  version: {},
  record: (partId, data) => {
    const t = Date.parse(data.time)
    const time = Number.isNaN(t) ? Date.now() : t
    let byName = histories.get(partId)
    if (!byName) {
      byName = new Map()
      histories.set(partId, byName)
    }
    for (const [name, reading] of Object.entries(data.readings)) {
      if ('error' in reading) continue
      let h = byName.get(name)
      if (!h) {
        h = new ReadingsHistory(HISTORY_SAMPLES)
        byName.set(name, h)
      }
      h.push(time, numericFields(reading))
    }
    set((s) => ({
      latest: { ...s.latest, [partId]: data },
      version: { ...s.version, [partId]: (s.version[partId] ?? 0) + 1 },
    }))
  },
  forget: (partId) => {
    histories.delete(partId)
    set((s) => {
      const latest = { ...s.latest }
      delete latest[partId]
      return { latest }
    })
  },
}))

/** The latest reading of one resource, or undefined (not watched yet, or it could not be read). */
export function useReading(partId: string | null, name: string): Record<string, unknown> | undefined {
  return useReadingsStore((s) => (partId ? s.latest[partId]?.readings[name] : undefined))
}
