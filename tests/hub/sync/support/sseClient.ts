/** A server-sent-events client over fetch streaming, as the desktop core reads /v1/changes/stream. */
export interface SseClient {
  /** The next `cursor` event's cursor (waits for it). */
  nextCursor(): Promise<number>
  /** Comment lines seen so far (heartbeats). */
  readonly comments: number
  close(): void
}

export async function openSse(url: string, auth: string): Promise<SseClient> {
  const abort = new AbortController()
  const response = await fetch(url, {
    headers: { authorization: auth, accept: 'text/event-stream' },
    signal: abort.signal,
  })
  if (response.status !== 200 || !response.body)
    throw new Error(`SSE answered ${response.status}: ${await response.text()}`)
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader()
  const cursors: number[] = []
  const waiters: ((cursor: number) => void)[] = []
  let comments = 0
  let buffer = ''
  void (async () => {
    try {
      for (;;) {
        const { value, done } = await reader.read()
        if (done) return
        buffer += value
        let end: number
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end)
          buffer = buffer.slice(end + 2)
          if (block.startsWith(':')) comments++
          const data = /^data: (.*)$/m.exec(block)
          if (/^event: cursor$/m.test(block) && data) {
            const cursor = (JSON.parse(data[1] as string) as { cursor: number }).cursor
            const waiter = waiters.shift()
            if (waiter) waiter(cursor)
            else cursors.push(cursor)
          }
        }
      }
    } catch {
      // Aborted by close().
    }
  })()
  return {
    nextCursor: () => {
      const ready = cursors.shift()
      if (ready !== undefined) return Promise.resolve(ready)
      return new Promise<number>((resolve) => waiters.push(resolve))
    },
    get comments() {
      return comments
    },
    close: () => abort.abort(),
  }
}
