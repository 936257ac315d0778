import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { CachedPartConfig, ConfigOutboxEntry as OutboxEntry } from '../../../src/main/cache/types'
import { decideApplyToRobot } from '../../../src/main/robots/decideApplyToRobot'
import type { MachineConfig } from '../../../src/shared/config/machineConfigSchema'
import type { PartId } from '../../../src/shared/ids'

const PART = 'part-1' as PartId
const config = (name: string): MachineConfig => ({
  components: [{ name, api: 'rdk:component:motor', model: 'fake' }],
})
const pending = (baseRevision: number, cfg = config('edited')): OutboxEntry => ({
  seq: 1,
  kind: 'config',
  partId: PART,
  baseRevision,
  config: cfg,
  author: 'ada@example.com',
  savedAt: '2026-01-01T00:00:00.000Z',
  rejection: null,
})
const cached = (revision: number, cfg: MachineConfig | null, edit: OutboxEntry | null): CachedPartConfig => ({
  partId: PART,
  revision,
  config: cfg,
  pending: edit,
})

describe('decideApplyToRobot', () => {
  it('sends the local edit to a robot still at its base, based on the robot revision', () => {
    const edit = pending(4)
    expect(decideApplyToRobot(cached(5, config('hub'), edit), 4)).toEqual({
      kind: 'apply',
      config: edit.config,
      robotRevision: 4,
    })
  })

  it('sends the cached revision when there is no edit, to a robot at or behind it', () => {
    expect(decideApplyToRobot(cached(5, config('hub'), null), 2)).toEqual({
      kind: 'apply',
      config: config('hub'),
      robotRevision: 2,
    })
  })

  it('refuses a robot ahead of the base, naming both revisions', () => {
    expect(decideApplyToRobot(cached(5, config('hub'), pending(4)), 5)).toEqual({
      kind: 'conflict',
      robotRevision: 5,
      baseRevision: 4,
    })
    expect(decideApplyToRobot(cached(5, config('hub'), null), 6)).toEqual({
      kind: 'conflict',
      robotRevision: 6,
      baseRevision: 5,
    })
  })

  it('has nothing to apply with neither a cached config nor an edit', () => {
    expect(decideApplyToRobot(cached(0, null, null), 0)).toEqual({ kind: 'nothing-to-apply' })
  })

  it('property: never overwrites a newer robot; applies exactly what the desktop shows', () => {
    const revision = fc.nat({ max: 20 })
    fc.assert(
      fc.property(
        revision,
        fc.option(fc.constant(config('hub')), { nil: null }),
        fc.option(
          revision.map((base) => pending(base)),
          { nil: null },
        ),
        revision,
        (cachedRevision, hubConfig, edit, robotRevision) => {
          const decision = decideApplyToRobot(cached(cachedRevision, hubConfig, edit), robotRevision)
          const shown = edit?.config ?? hubConfig
          const base = edit ? edit.baseRevision : cachedRevision
          if (!shown) expect(decision.kind).toBe('nothing-to-apply')
          else if (robotRevision > base)
            expect(decision).toEqual({ kind: 'conflict', robotRevision, baseRevision: base })
          // The robot checks the base it is given against its own revision: it must be that.
          else expect(decision).toEqual({ kind: 'apply', config: shown, robotRevision })
        },
      ),
      { numRuns: 300 },
    )
  })
})
