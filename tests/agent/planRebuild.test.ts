import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { planRebuild, type PlannedNode, type RunningNode } from '../../src/agent/planRebuild'

const NAMES = ['a', 'b', 'c', 'd', 'e', 'f', 'g']

// Mostly unchanged and ready, so that chains of resources rebuilt only for their dependencies are
// common (with even odds nearly everything has a reason of its own).
const fingerprintArb = fc.oneof(
  { arbitrary: fc.constant('1'), weight: 6 },
  { arbitrary: fc.constant('2'), weight: 1 },
)
const readyArb = fc.oneof(
  { arbitrary: fc.constant(true), weight: 6 },
  { arbitrary: fc.constant(false), weight: 1 },
)

/** Running resources (most of the pool): distinct names in some build order, each with a fingerprint and a state. */
const runningArb = fc
  .shuffledSubarray(NAMES, { minLength: 4 })
  .chain((names) =>
    fc.tuple(
      ...names.map((name) =>
        fc.record({ name: fc.constant(name), fingerprint: fingerprintArb, ready: readyArb }),
      ),
    ),
  )
  .map((nodes): RunningNode[] => nodes)

/** A planned config: distinct names, fingerprints, and dependencies that may name anything (or nothing known). */
const plannedArb = fc
  .shuffledSubarray(NAMES, { minLength: 3 })
  .chain((names) =>
    fc.tuple(
      ...names.map((name) =>
        fc.record({
          name: fc.constant(name),
          fingerprint: fingerprintArb,
          dependencies: fc.uniqueArray(fc.constantFrom(...NAMES, 'missing'), { maxLength: 3 }),
        }),
      ),
    ),
  )
  .map((nodes): PlannedNode[] =>
    nodes.map((n) => ({ ...n, dependencies: n.dependencies.filter((d) => d !== n.name) })),
  )

const node = (name: string, fingerprint = '1', dependencies: string[] = []): PlannedNode => ({
  name,
  fingerprint,
  dependencies,
})
const ready = (name: string, fingerprint = '1'): RunningNode => ({ name, fingerprint, ready: true })

describe('planRebuild', () => {
  it('rebuilds a changed resource and what depends on it, and nothing else', () => {
    const plan = planRebuild(
      [ready('motor'), ready('encoder'), ready('sensor')],
      [node('motor', '2'), node('encoder', '1', ['motor']), node('sensor')],
    )
    expect(plan).toEqual({ rebuild: ['motor', 'encoder'], removed: [], close: ['encoder', 'motor'] })
  })

  it('removes what the config dropped, and rebuilds what depended on it', () => {
    const plan = planRebuild([ready('motor'), ready('encoder')], [node('encoder', '1', ['motor'])])
    expect(plan).toEqual({ rebuild: ['encoder'], removed: ['motor'], close: ['encoder', 'motor'] })
  })

  it('gives an unhealthy resource another try, and rebuilds everything on restart', () => {
    const unhealthy: RunningNode = { name: 'camera', fingerprint: '1', ready: false }
    expect(planRebuild([unhealthy, ready('base')], [node('camera'), node('base')]).rebuild).toEqual([
      'camera',
    ])
    expect(planRebuild([unhealthy, ready('base')], [node('camera'), node('base')], true).rebuild).toEqual([
      'camera',
      'base',
    ])
  })

  it('does not depend on the plan listing dependencies first', () => {
    const plan = planRebuild(
      [ready('a'), ready('b'), ready('c')],
      [node('c', '1', ['b']), node('b', '1', ['a']), node('a', '2')],
    )
    expect(plan.rebuild).toEqual(['c', 'b', 'a'])
  })

  it('properties: removed, closure, minimality and close order', () => {
    fc.assert(
      fc.property(runningArb, plannedArb, fc.boolean(), (running, planned, rebuildAll) => {
        const { rebuild, removed, close } = planRebuild(running, planned, rebuildAll)
        const old = new Map(running.map((r) => [r.name, r]))
        const next = new Set(planned.map((p) => p.name))
        const rebuilt = new Set(rebuild)

        // Removed: exactly the running names the plan lacks, in the old order.
        expect(removed).toEqual(running.map((r) => r.name).filter((n) => !next.has(n)))
        // Rebuilt: only planned names, in the planned order, each once.
        expect(rebuild).toEqual(planned.map((p) => p.name).filter((n) => rebuilt.has(n)))

        for (const p of planned) {
          const was = old.get(p.name)
          const ownReason = rebuildAll || !was || !was.ready || was.fingerprint !== p.fingerprint
          const depReason = p.dependencies.some((d) => rebuilt.has(d) || !next.has(d))
          // Closure: everything with a reason is rebuilt; minimality: nothing without one is.
          expect(rebuilt.has(p.name)).toBe(ownReason || depReason)
        }

        // Least such set (dependency cycles included): each rebuilt resource has its own reason, or
        // reaches one through what it depends on.
        const byName = new Map(planned.map((p) => [p.name, p]))
        const grounded = (name: string, seen: Set<string>): boolean => {
          const p = byName.get(name)
          if (!p || seen.has(name)) return false
          const was = old.get(name)
          if (rebuildAll || !was || !was.ready || was.fingerprint !== p.fingerprint) return true
          seen.add(name)
          return p.dependencies.some((d) => !next.has(d) || (rebuilt.has(d) && grounded(d, seen)))
        }
        for (const name of rebuild) expect(grounded(name, new Set())).toBe(true)

        // Close: the rebuilt and removed running resources, dependents first (old order reversed).
        const expectedClose = [...running]
          .reverse()
          .map((r) => r.name)
          .filter((n) => rebuilt.has(n) || removed.includes(n))
        expect(close).toEqual(expectedClose)
      }),
      { numRuns: 500 },
    )
  })

  it('property: applying the running config again changes nothing', () => {
    fc.assert(
      fc.property(plannedArb, (planned) => {
        const running = planned.map((p) => ready(p.name, p.fingerprint))
        const known = new Set(planned.map((p) => p.name))
        const closed = planned.map((p) => ({
          ...p,
          dependencies: p.dependencies.filter((d) => known.has(d)),
        }))
        expect(planRebuild(running, closed)).toEqual({ rebuild: [], removed: [], close: [] })
      }),
      { numRuns: 200 },
    )
  })
})
