import { useEffect, useState } from 'react'
import type { ConsoleFeed } from './ConsoleFeed'
import { feedFor, onFeedChange } from './serialSync'

/**
 * A console's copy, re-rendered at most once per animation frame however many batches arrive:
 * under a flood the page paints what is there and stays free for input.
 */
export function useConsoleFeed(path: string): { feed: ConsoleFeed; version: number } {
  const feed = feedFor(path)
  const [version, setVersion] = useState(feed.version)
  useEffect(() => {
    let frame: number | null = null
    const schedule = (): void => {
      frame ??= requestAnimationFrame(() => {
        frame = null
        setVersion(feedFor(path).version)
      })
    }
    const off = onFeedChange(path, schedule)
    // A change between the render and this subscription is picked up on the next frame.
    schedule()
    return () => {
      off()
      if (frame !== null) cancelAnimationFrame(frame)
    }
  }, [path])
  return { feed, version }
}
