import { CoreError, type Reply } from '../../../shared/errors/CoreError'

/** Replies cross the boundary as values; on this side a failure becomes a thrown CoreError again. */
export function unwrapReply(reply: Reply<unknown>): unknown {
  if (reply.ok) return reply.value
  throw CoreError.from(reply.error)
}
