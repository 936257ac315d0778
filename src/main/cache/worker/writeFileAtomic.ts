import { open, readdir, rename, unlink } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import { fsyncDirectory } from '../fsyncDirectory'

let counter = 0

/**
 * Replaces `path` with `bytes` so that a crash at any moment leaves either the old file or the new
 * one: write a temporary file next to it, fdatasync it, rename it over the old one, fsync the
 * directory (which makes the rename durable).
 */
export async function writeFileAtomic(path: string, bytes: Uint8Array): Promise<void> {
  const temp = `${path}.tmp-${process.pid}-${++counter}`
  try {
    const handle = await open(temp, 'w')
    try {
      let written = 0
      while (written < bytes.length) {
        const { bytesWritten } = await handle.write(bytes, written, bytes.length - written)
        written += bytesWritten
      }
      await handle.datasync()
    } finally {
      await handle.close()
    }
    await rename(temp, path)
  } catch (err) {
    await unlink(temp).catch(() => undefined)
    throw err
  }
  await fsyncDirectory(dirname(path))
}

/** Deletes temporary files that a crash left behind mid-write (they are never the only copy). */
export async function removeStaleTempFiles(dir: string, fileNames: readonly string[]): Promise<void> {
  for (const name of await readdir(dir)) {
    if (fileNames.some((f) => name.startsWith(`${basename(f)}.tmp-`))) await unlink(join(dir, name)).catch(() => undefined)
  }
}
