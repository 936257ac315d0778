import { useCallback, useRef, useState } from 'react'
import type {
  ComponentArgsInput,
  ComponentMethod,
  ComponentType,
} from '../../../../shared/robot/componentMethods'
import type { ComponentResult } from '../../../../shared/robot/componentResults'
import { getCoreApi } from '../../api/getCoreApi'
import { errorMessage } from '../../../../shared/errors/errorMessage'

export interface PanelError {
  method: string
  message: string
}

export interface ComponentCaller<T extends ComponentType> {
  /** Calls a method; resolves to its result, or to undefined after recording the failure for the panel. */
  call<M extends ComponentMethod<T>>(
    method: M,
    args: ComponentArgsInput<T, M>,
  ): Promise<ComponentResult<T, M> | undefined>
  /** The last failure, shown in the panel it happened in rather than in a toast far away. */
  error: PanelError | null
  clearError(): void
  /** Methods in flight, for button spinners. */
  busy: ReadonlySet<string>
}

/** Typed component calls for one panel, with its errors kept beside it. */
export function useComponentCall<T extends ComponentType>(
  _type: T,
  partId: string,
  name: string,
): ComponentCaller<T> {
  const [error, setError] = useState<PanelError | null>(null)
  const [busy, setBusy] = useState<ReadonlySet<string>>(new Set())
  const errorRef = useRef<PanelError | null>(null)

  const call = useCallback(
    async <M extends ComponentMethod<T>>(
      method: M,
      args: ComponentArgsInput<T, M>,
    ): Promise<ComponentResult<T, M> | undefined> => {
      setBusy((b) => new Set(b).add(method))
      try {
        const result = await getCoreApi().callComponent({
          partId,
          name,
          method,
          args: args as Record<string, unknown>,
        })
        // A success of the method that failed clears its error; others stay until dismissed.
        if (errorRef.current?.method === method) {
          errorRef.current = null
          setError(null)
        }
        // The robot answers each method with its documented shape (componentResults.ts).
        return result as ComponentResult<T, M>
      } catch (err) {
        const next = { method, message: errorMessage(err) }
        // Repeated failures (a teleop resend every 100 ms) do not re-render when nothing changed.
        if (errorRef.current?.method !== next.method || errorRef.current.message !== next.message) {
          errorRef.current = next
          setError(next)
        }
        return undefined
      } finally {
        setBusy((b) => {
          const n = new Set(b)
          n.delete(method)
          return n
        })
      }
    },
    [partId, name],
  )
  const clearError = useCallback(() => {
    errorRef.current = null
    setError(null)
  }, [])
  return { call, error, clearError, busy }
}
