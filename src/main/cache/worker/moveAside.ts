import { access, rename } from 'node:fs/promises'

/** A timestamp usable in file names on every platform (no colons). */
export function fileStamp(date = new Date()): string {
  return date.toISOString().replace(/[:.]/g, '-')
}

/** Renames `path` to `path.<tag>-<timestamp>` (never deletes it); returns the new path. */
export async function moveAside(path: string, tag: string): Promise<string> {
  const base = `${path}.${tag}-${fileStamp()}`
  for (let n = 0; ; n++) {
    const target = n === 0 ? base : `${base}-${n}`
    const taken = await access(target).then(
      () => true,
      () => false,
    )
    if (taken) continue
    await rename(path, target)
    return target
  }
}
