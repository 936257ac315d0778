import { z } from 'zod'
import { zodIssuesToFieldErrors } from '../../shared/config/zodIssuesToFieldErrors'

/**
 * The agent's LAN signaling endpoint, shared by the desktop (client) and the agent (server):
 * `POST /signal` with an offer, answered with the agent's answer once it has gathered its candidates
 * (no trickle: one request sets up a session); `GET /health` names the agent.
 */

export const SIGNAL_PATH = '/signal'
export const HEALTH_PATH = '/health'
/** An SDP with a few dozen candidates is a few KiB; anything near this is not an offer. */
export const MAX_SIGNAL_BODY_BYTES = 64 * 1024

export const SignalOfferSchema = z
  .object({
    type: z.literal('offer'),
    sdp: z
      .string()
      .min(1)
      .max(MAX_SIGNAL_BODY_BYTES)
      .refine((s) => s.startsWith('v=0'), { message: 'expected an SDP (starting with "v=0")' }),
    /** Chosen by the desktop; names the session in the agent's logs and keeps one peer per session. */
    sessionId: z
      .string()
      .regex(/^[A-Za-z0-9_-]{8,128}$/, { message: 'expected 8 to 128 of A-Z a-z 0-9 _ -' }),
  })
  .strict()
export type SignalOffer = z.infer<typeof SignalOfferSchema>

export const SignalAnswerSchema = z.object({ type: z.literal('answer'), sdp: z.string().min(1) })
export type SignalAnswer = z.infer<typeof SignalAnswerSchema>

export const AgentHealthSchema = z.object({
  partId: z.string(),
  machineName: z.string(),
  protocolVersion: z.number().int(),
})
export type AgentHealth = z.infer<typeof AgentHealthSchema>

/**
 * Error bodies are `{ error: "<what was wrong>" }`. A refusal that may succeed later (429: too many
 * offers pending from this address; 503: too many sessions being set up) also carries
 * `retryAfterSeconds`, the same as its Retry-After header.
 */
export interface SignalError {
  error: string
  retryAfterSeconds?: number
}

/**
 * The problems of a signaling body on one line, each located by its JSON path in the body, worded as
 * every other document problem is (zodIssuesToFieldErrors): `$: missing "sdp"; $.type: expected ...`.
 * The error must come from a parse with `reportInput: true`, so that wrong values can be named.
 */
export function describeIssues(error: z.ZodError): string {
  return zodIssuesToFieldErrors(error.issues)
    .map((e) => `${e.path}: ${e.message}`)
    .join('; ')
}
