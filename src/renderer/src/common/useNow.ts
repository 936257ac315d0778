import { useEffect, useState } from 'react'

/** The current time, refreshed every `ms`, so "3 min ago" labels stay true without a reload. */
export function useNow(ms: number): number {
  const [now, setNow] = useState(() => Date.now())
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), ms)
    return () => clearInterval(t)
  }, [ms])
  return now
}
