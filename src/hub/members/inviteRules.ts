import type { Decision } from './memberDecisions'

/** An invite as stored (the code itself is kept only as a hash; see inviteCode.ts). */
export interface InviteRecord {
  email: string
  createdAt: string
  expiresAt: string
  acceptedAt: string | null
  revokedAt: string | null
}

export type InviteState = 'pending' | 'accepted' | 'revoked' | 'expired'

/** Invites last a week: long enough to hand a code over by hand, short enough that a stray one dies. */
export const INVITE_LIFETIME_MS = 7 * 24 * 60 * 60 * 1000

export function inviteState(invite: InviteRecord, now: Date): InviteState {
  if (invite.acceptedAt !== null) return 'accepted'
  if (invite.revokedAt !== null) return 'revoked'
  return Date.parse(invite.expiresAt) <= now.getTime() ? 'expired' : 'pending'
}

export function inviteExpiry(now: Date): string {
  return new Date(now.getTime() + INVITE_LIFETIME_MS).toISOString()
}

/** Emails compare without case or surrounding blanks, as mail systems treat them. */
export function sameEmail(a: string, b: string): boolean {
  return a.trim().toLowerCase() === b.trim().toLowerCase()
}

/**
 * Accepting: only a pending invite, and only by the person it was sent to. The code travels by hand
 * (the hub has no mail server), so a code that reaches someone else must not let them in.
 */
export function decideAccept(invite: InviteRecord, userEmail: string, now: Date): Decision {
  const state = inviteState(invite, now)
  if (state !== 'pending')
    return { ok: false, refusal: { kind: 'conflict', message: `This invite is ${state}` } }
  if (!sameEmail(invite.email, userEmail)) {
    return {
      ok: false,
      refusal: { kind: 'forbidden', message: 'This invite was sent to another email address' },
    }
  }
  return { ok: true }
}

/** Resending or revoking acts on a pending (or expired, for resend) invite only. */
export function decideResend(invite: InviteRecord, now: Date): Decision {
  const state = inviteState(invite, now)
  if (state === 'accepted' || state === 'revoked') {
    return { ok: false, refusal: { kind: 'conflict', message: `This invite is ${state}` } }
  }
  return { ok: true }
}

export function decideRevoke(invite: InviteRecord, now: Date): Decision {
  const state = inviteState(invite, now)
  if (state === 'accepted' || state === 'revoked') {
    return { ok: false, refusal: { kind: 'conflict', message: `This invite is ${state}` } }
  }
  return { ok: true }
}
