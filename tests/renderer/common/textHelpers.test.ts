import { describe, expect, it } from 'vitest'
import { CoreError } from '../../../src/shared/errors/CoreError'
import { describeFailure } from '../../../src/renderer/src/common/describeFailure'
import { effectiveRole } from '../../../src/renderer/src/app/effectiveRole'
import { formatRelative } from '../../../src/renderer/src/common/formatTime'
import type { IdentityView } from '../../../src/shared/api/views'
import type { GrantId, OrgId, UserId } from '../../../src/shared/ids'

describe('formatRelative', () => {
  const now = Date.parse('2026-11-23T12:00:00Z')
  it('reads like a person would say it', () => {
    expect(formatRelative(null, now)).toBe('never')
    expect(formatRelative('2026-11-23T11:59:50Z', now)).toBe('just now')
    expect(formatRelative('2026-11-23T11:55:00Z', now)).toBe('5 min ago')
    expect(formatRelative('2026-11-23T09:00:00Z', now)).toBe('3 h ago')
    expect(formatRelative('2026-11-22T10:00:00Z', now)).toBe('yesterday')
    expect(formatRelative('2026-11-13T12:00:00Z', now)).toBe('10 days ago')
    expect(formatRelative('2026-01-02T12:00:00Z', now)).toBe('2026-01-02')
    expect(formatRelative('garbage', now)).toBe('unknown')
  })
})

describe('describeFailure', () => {
  it('says what failed, why, and what to do next', () => {
    const f = describeFailure(
      'save the config',
      new CoreError('permission-denied', 'Operators cannot edit configs.'),
    )
    expect(f.title).toBe('Could not save the config')
    expect(f.message).toContain('Operators cannot edit configs.')
    expect(f.message).toContain('Ask an owner')
    expect(describeFailure('x', new Error('boom')).message).toContain('Try again')
  })
})

describe('effectiveRole', () => {
  const identity = (roles: ('owner' | 'operator')[]): IdentityView => ({
    subject: { kind: 'user', id: 'u' as UserId },
    name: 'U',
    email: null,
    grants: roles.map((role, i) => ({
      id: `g${i}` as GrantId,
      subject: { kind: 'user', id: 'u' as UserId },
      role,
      resource: { kind: 'organization', id: `o${i}` as OrgId },
    })),
  })
  it('prefers the machine role, then the organization role, then the strongest grant', () => {
    const org = { id: 'o1' as OrgId, name: 'O', role: 'operator' as const }
    expect(effectiveRole(identity(['owner']), org, 'owner')).toBe('owner')
    expect(effectiveRole(identity(['owner']), org, null)).toBe('operator')
    expect(effectiveRole(identity(['operator', 'owner']), null, null)).toBe('owner')
    expect(effectiveRole(identity([]), null, null)).toBeNull()
  })
})
