/** One server-sent event: its `event:` name (default "message") and its `data:` lines joined. */
export interface SseEvent {
  event: string
  data: string
}

/**
 * Splits a text/event-stream into events as chunks arrive (a chunk may end anywhere, even inside
 * a line or between a CR and its LF). Comments (`: heartbeat`) and `retry:`/`id:` fields are not
 * events. Per the HTML spec's parsing rules, reduced to what the hub sends.
 */
export class SseParser {
  private buffer = ''
  private event = ''
  private data: string[] = []

  push(chunk: string): SseEvent[] {
    this.buffer += chunk
    const out: SseEvent[] = []
    for (;;) {
      const match = /\r\n|\r|\n/.exec(this.buffer)
      if (!match) break
      // A CR at the very end may be the first half of CRLF: wait for the next chunk.
      if (match[0] === '\r' && match.index === this.buffer.length - 1) break
      const line = this.buffer.slice(0, match.index)
      this.buffer = this.buffer.slice(match.index + match[0].length)
      const done = this.line(line)
      if (done) out.push(done)
    }
    return out
  }

  private line(line: string): SseEvent | null {
    if (line === '') {
      const event =
        this.data.length > 0 ? { event: this.event || 'message', data: this.data.join('\n') } : null
      this.event = ''
      this.data = []
      return event
    }
    if (line.startsWith(':')) return null
    const colon = line.indexOf(':')
    const field = colon < 0 ? line : line.slice(0, colon)
    let value = colon < 0 ? '' : line.slice(colon + 1)
    if (value.startsWith(' ')) value = value.slice(1)
    if (field === 'event') this.event = value
    else if (field === 'data') this.data.push(value)
    return null
  }
}
