import { open } from 'node:fs/promises'

/**
 * Makes a rename or a new file in `dir` durable: POSIX only promises that a directory entry
 * survives a crash once the directory itself is fsynced. Windows cannot open a directory this way
 * (and its rename is already durable with MoveFileEx), so there the call does nothing.
 */
export async function fsyncDirectory(dir: string): Promise<void> {
  if (process.platform === 'win32') return
  const handle = await open(dir, 'r')
  try {
    await handle.sync()
  } finally {
    await handle.close()
  }
}
