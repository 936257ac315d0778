/** What one message on the link says about our `session.challenge` with id `id`. */
export type ChallengeAnswer =
  | { kind: 'not-ours' }
  | { kind: 'robot'; partId: string; protocolVersion: number }
  | { kind: 'refused'; message: string }

/**
 * Reads a JSON-RPC message as the answer to the probe's challenge: a result naming a part, an error
 * (a robot that refuses for now, say after too many failed hellos), or something else entirely.
 */
export function readChallengeAnswer(message: string, id: string): ChallengeAnswer {
  let value: unknown
  try {
    value = JSON.parse(message)
  } catch {
    return { kind: 'not-ours' }
  }
  if (typeof value !== 'object' || value === null || (value as { id?: unknown }).id !== id) {
    return { kind: 'not-ours' }
  }
  const answer = value as { result?: unknown; error?: unknown }
  if (answer.error !== undefined) {
    const text = (answer.error as { message?: unknown } | null)?.message
    return { kind: 'refused', message: typeof text === 'string' ? text : 'an error without a message' }
  }
  const result = answer.result as { partId?: unknown; protocolVersion?: unknown } | null | undefined
  if (
    typeof result?.partId === 'string' &&
    result.partId.length > 0 &&
    typeof result.protocolVersion === 'number'
  ) {
    return { kind: 'robot', partId: result.partId, protocolVersion: result.protocolVersion }
  }
  return { kind: 'refused', message: 'its answer to session.challenge names no part id' }
}
