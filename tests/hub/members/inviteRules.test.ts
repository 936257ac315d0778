import { describe, expect, it } from 'vitest'
import {
  decideAccept,
  decideResend,
  decideRevoke,
  inviteExpiry,
  inviteState,
  type InviteRecord,
} from '../../../src/hub/members/inviteRules'
import { hashInviteCode, newInviteCode } from '../../../src/hub/members/inviteCode'

const now = new Date('2026-03-01T12:00:00.000Z')
const pending: InviteRecord = {
  email: 'Ann@Example.com',
  createdAt: now.toISOString(),
  expiresAt: inviteExpiry(now),
  acceptedAt: null,
  revokedAt: null,
}

describe('invites', () => {
  it('moves from pending to expired after a week', () => {
    expect(inviteState(pending, now)).toBe('pending')
    expect(inviteState(pending, new Date(now.getTime() + 7 * 86_400_000))).toBe('expired')
  })

  it('is accepted only while pending and only by its addressee', () => {
    expect(decideAccept(pending, ' ann@example.COM ', now).ok).toBe(true)
    expect(decideAccept(pending, 'bob@example.com', now)).toMatchObject({
      ok: false,
      refusal: { kind: 'forbidden' },
    })
    const revoked = { ...pending, revokedAt: now.toISOString() }
    expect(decideAccept(revoked, 'ann@example.com', now)).toMatchObject({
      ok: false,
      refusal: { kind: 'conflict' },
    })
    const accepted = { ...pending, acceptedAt: now.toISOString() }
    expect(decideAccept(accepted, 'ann@example.com', now).ok).toBe(false)
  })

  it('can be resent when expired, not once accepted or revoked', () => {
    const later = new Date(now.getTime() + 8 * 86_400_000)
    expect(decideResend(pending, later).ok).toBe(true)
    expect(decideResend({ ...pending, revokedAt: now.toISOString() }, now).ok).toBe(false)
    expect(decideRevoke(pending, now).ok).toBe(true)
    expect(decideRevoke({ ...pending, acceptedAt: now.toISOString() }, now).ok).toBe(false)
  })

  it('makes distinct codes and stores them only hashed', () => {
    const a = newInviteCode()
    const b = newInviteCode()
    expect(a).not.toBe(b)
    expect(a).toMatch(/^[A-Za-z0-9_-]{32}$/)
    expect(hashInviteCode(a)).toMatch(/^[0-9a-f]{64}$/)
    expect(hashInviteCode(a)).not.toContain(a)
  })
})
