import { open, readdir, rename, unlink } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import { fsyncDirectory } from '../journal/fsyncDirectory'

let counter = 0

/**
 * Written and fdatasynced in pieces of this size. One 50 MB write followed by one fdatasync makes
 * the journal's fdatasync wait behind the whole flush (ext4 commits them together): measured here,
 * journal p50 8 ms and p95 18-52 ms during snapshots, against p50 1.3 ms and p95 4.4 ms with 2 MiB
 * pieces, which also made the snapshot itself faster (45 ms against 60-210 ms for 50 MB).
 */
const WRITE_PIECE = 2 * 1024 * 1024

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
        const end = Math.min(bytes.length, written + WRITE_PIECE)
        while (written < end) {
          const { bytesWritten } = await handle.write(bytes, written, end - written)
          written += bytesWritten
        }
        await handle.datasync()
      }
      if (bytes.length === 0) await handle.datasync()
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
    if (fileNames.some((f) => name.startsWith(`${basename(f)}.tmp-`)))
      await unlink(join(dir, name)).catch(() => undefined)
  }
}
