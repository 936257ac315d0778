// What to do when the hub does not take a batch of logs. No answer, 401 (credentials), 408, 429 and
// 5xx are the hub's or the network's state: the same batch goes again after a backoff. Any other
// 4xx is about the batch itself and would be answered the same way forever, so it must not block the
// queue: a 400 or 413 for several lines is split (halved) to find the lines at fault, so the good
// ones still arrive; a refusal of one line, or another 4xx, drops what was sent.

export type RefusalAction = { kind: 'retry' } | { kind: 'smaller'; maxEntries: number } | { kind: 'drop' }

export function batchRefusal(status: number | undefined, lines: number): RefusalAction {
  if (status === undefined || status < 400 || status >= 500) return { kind: 'retry' }
  if (status === 401 || status === 408 || status === 429) return { kind: 'retry' }
  if ((status === 400 || status === 413) && lines > 1) {
    return { kind: 'smaller', maxEntries: Math.ceil(lines / 2) }
  }
  return { kind: 'drop' }
}
