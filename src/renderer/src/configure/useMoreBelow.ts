import { useCallback, useEffect, useRef, useState, type RefObject } from 'react'

/**
 * Whether a scrolling list has entries below what it shows, so the panel can say so: a scrollbar
 * alone is easy to miss (overlay scrollbars show only while scrolling).
 */
export function useMoreBelow<T extends HTMLElement>(
  deps: unknown,
): { ref: RefObject<T | null>; more: boolean } {
  const ref = useRef<T | null>(null)
  const [more, setMore] = useState(false)
  const measure = useCallback(() => {
    const el = ref.current
    setMore(el ? el.scrollTop + el.clientHeight < el.scrollHeight - 1 : false)
  }, [])
  useEffect(() => {
    const el = ref.current
    if (!el) return
    measure()
    const resize = new ResizeObserver(measure)
    resize.observe(el)
    el.addEventListener('scroll', measure, { passive: true })
    return () => {
      resize.disconnect()
      el.removeEventListener('scroll', measure)
    }
  }, [measure, deps])
  return { ref, more }
}
