import { useEffect, useState } from 'react'
import type { ConsoleFeed } from './ConsoleFeed'
import { feedFor, onFeedChange } from './serialSync'

/** Fewest milliseconds between two renders of the lines: ten a second still reads as live. */
const MIN_RENDER_GAP_MS = 100

/**
 * A console's copy, re-rendered at most ten times a second (on an animation frame) however many
 * batches arrive: under a flood the page paints what is there and stays free for input.
 */
export function useConsoleFeed(path: string): { feed: ConsoleFeed; version: number } {
  const feed = feedFor(path)
  const [version, setVersion] = useState(feed.version)
  useEffect(() => {
    let frame: number | null = null
    let timer: ReturnType<typeof setTimeout> | null = null
    let last = 0
    const render = (): void => {
      frame = null
      last = performance.now()
      setVersion(feedFor(path).version)
    }
    const schedule = (): void => {
      if (frame !== null || timer !== null) return
      const wait = last + MIN_RENDER_GAP_MS - performance.now()
      if (wait <= 0) frame = requestAnimationFrame(render)
      else
        timer = setTimeout(() => {
          timer = null
          frame = requestAnimationFrame(render)
        }, wait)
    }
    const off = onFeedChange(path, schedule)
    // A change between the render and this subscription is picked up on the next frame.
    schedule()
    return () => {
      off()
      if (frame !== null) cancelAnimationFrame(frame)
      if (timer !== null) clearTimeout(timer)
    }
  }, [path])
  return { feed, version }
}
