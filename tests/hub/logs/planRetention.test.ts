import { describe, expect, it } from 'vitest'
import { planRetention } from '../../../src/hub/logs/planRetention'
import type { OrgId, PartId } from '../../../src/shared/ids'

const org = 'org_a' as OrgId
const p = (id: string): PartId => id as PartId

describe('planRetention', () => {
  it('cuts by age on every part holding logs and trims only parts over the row bound', () => {
    const now = new Date('2026-03-31T00:00:00.000Z')
    const steps = planRetention(
      org,
      { maxAgeDays: 30, maxRowsPerPart: 100 },
      [
        { partId: p('a'), rows: 100 },
        { partId: p('b'), rows: 250 },
        { partId: p('c'), rows: 0 },
      ],
      now,
    )
    expect(steps).toEqual([
      { kind: 'delete-older-than', orgId: org, partId: p('a'), before: '2026-03-01T00:00:00.000Z' },
      { kind: 'delete-older-than', orgId: org, partId: p('b'), before: '2026-03-01T00:00:00.000Z' },
      { kind: 'trim-part', orgId: org, partId: p('b'), keepNewest: 100, excess: 150 },
    ])
  })
})
