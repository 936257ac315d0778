import { useEffect, useState } from 'react'
import type { ComponentCaller } from './useComponentCall'

export const CAMERA_FRAME_MS = 200

export interface CameraFrame {
  src: string
  width: number
  height: number
  frame: number
  at: number
}

/**
 * Fetches frames about five times a second while the panel is on screen and the page is visible.
 * One request at a time: a slow robot gets a lower frame rate, never a queue of requests.
 */
export function useCameraFrames(camera: ComponentCaller<'camera'>, enabled: boolean): CameraFrame | null {
  const [frame, setFrame] = useState<CameraFrame | null>(null)
  const { call } = camera
  useEffect(() => {
    if (!enabled) return
    let stopped = false
    let timer: ReturnType<typeof setTimeout> | undefined
    const tick = async (): Promise<void> => {
      if (stopped) return
      if (document.visibilityState === 'hidden') return // resumed by the visibility listener
      const started = performance.now()
      const r = await call('image', {})
      if (stopped) return
      if (r)
        setFrame({
          src: `data:${r.mimeType};base64,${r.data}`,
          width: r.width,
          height: r.height,
          frame: r.frame,
          at: Date.now(),
        })
      // After a failure (shown in the panel) wait longer before trying again.
      const wait = r ? Math.max(0, CAMERA_FRAME_MS - (performance.now() - started)) : 2000
      timer = setTimeout(() => void tick(), wait)
    }
    const onVisible = (): void => {
      if (document.visibilityState !== 'visible') return
      clearTimeout(timer)
      void tick()
    }
    document.addEventListener('visibilitychange', onVisible)
    void tick()
    return () => {
      stopped = true
      clearTimeout(timer)
      document.removeEventListener('visibilitychange', onVisible)
    }
  }, [enabled, call])
  return frame
}
