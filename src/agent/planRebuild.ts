// The decision behind applying a config to the running resources, as a pure function: which
// resources are rebuilt, which are removed, and in what order instances are closed. ResourceGraph
// carries it out (closing, building, reporting states).

/** A resource as it runs now. */
export interface RunningNode {
  name: string
  /** Canonical JSON of its config entry (see planResources). */
  fingerprint: string
  /** Built and running; anything else (configuring, unhealthy) gets another try. */
  ready: boolean
}

/** A resource of the config being applied. */
export interface PlannedNode {
  name: string
  fingerprint: string
  dependencies: readonly string[]
}

export interface RebuildPlan {
  /** What is built anew, in the planned order (dependencies first when the plan is so ordered). */
  rebuild: string[]
  /** Running resources the new config no longer has, in their old build order. */
  removed: string[]
  /** Instances to close before building: rebuilt or removed ones, dependents first (old order reversed). */
  close: string[]
}

/**
 * A resource is rebuilt when its own entry changed, when it is new, when it was not ready (a new
 * config is a chance to recover), when everything is (a restart), or when something it depends on
 * is rebuilt, removed or missing: it holds the old instance, or has none. Everything else keeps
 * running untouched.
 *
 * @param running the resources now, in their build order.
 * @param planned the config's resources, in the order they will be built.
 */
export function planRebuild(
  running: readonly RunningNode[],
  planned: readonly PlannedNode[],
  rebuildAll = false,
): RebuildPlan {
  const now = new Map(running.map((r) => [r.name, r]))
  const next = new Set(planned.map((p) => p.name))
  const rebuild = new Set<string>()
  for (const p of planned) {
    const old = now.get(p.name)
    if (rebuildAll || !old || !old.ready || old.fingerprint !== p.fingerprint) rebuild.add(p.name)
  }
  // To a fixed point, so the answer does not depend on the plan being in dependency order.
  for (let changed = true; changed;) {
    changed = false
    for (const p of planned) {
      if (rebuild.has(p.name)) continue
      if (p.dependencies.some((d) => rebuild.has(d) || !next.has(d))) {
        rebuild.add(p.name)
        changed = true
      }
    }
  }
  const removed = running.filter((r) => !next.has(r.name)).map((r) => r.name)
  const gone = new Set(removed)
  const close = [...running]
    .reverse()
    .filter((r) => gone.has(r.name) || rebuild.has(r.name))
    .map((r) => r.name)
  return { rebuild: planned.filter((p) => rebuild.has(p.name)).map((p) => p.name), removed, close }
}
