import { open, readdir, readFile, rename, unlink } from 'node:fs/promises'
import { join } from 'node:path'
import { decodeFrames, parseSegmentFileName } from '../journal/journalFormat'
import type { JournalRecord } from '../JournalRecord'
import type { JournalSegmentInfo } from '../journal/JournalWriter'
import type { CacheNotice } from '../types'
import { fileStamp } from './moveAside'

export interface JournalScan {
  records: JournalRecord[]
  segments: JournalSegmentInfo[]
  notices: CacheNotice[]
}

async function listSegments(dir: string): Promise<Array<{ file: string; firstSeq: number }>> {
  const names = await readdir(dir)
  return names
    .flatMap((file) => {
      const firstSeq = parseSegmentFileName(file)
      return firstSeq === null ? [] : [{ file, firstSeq }]
    })
    .sort((a, b) => a.firstSeq - b.firstSeq)
}

/**
 * Reads every journal segment in order. A segment that ends in a bad frame (a write torn by a crash)
 * is truncated after its last good frame, with a notice; the frames before it are kept. Empty
 * segments are deleted (they hold nothing, and a new segment may want the name).
 */
export async function readJournal(dir: string): Promise<JournalScan> {
  const scan: JournalScan = { records: [], segments: [], notices: [] }
  for (const { file, firstSeq } of await listSegments(dir)) {
    const path = join(dir, file)
    const bytes = await readFile(path)
    const decoded = decodeFrames<JournalRecord>(bytes)
    if (decoded.error) {
      const handle = await open(path, 'r+')
      try {
        await handle.truncate(decoded.validBytes)
        await handle.datasync()
      } finally {
        await handle.close()
      }
      scan.notices.push({
        kind: 'journal-tail-truncated',
        file: path,
        message:
          `The cache journal ${file} ended in ${decoded.error}, the trace of a write cut short by a crash or power ` +
          `loss: ${bytes.length - decoded.validBytes} bytes were discarded and the ${decoded.records.length} complete ` +
          'records before them were kept. Edits confirmed as saved are never in a torn tail.',
      })
    }
    if (decoded.validBytes === 0) {
      await unlink(path)
      continue
    }
    const last = decoded.records[decoded.records.length - 1] as JournalRecord
    scan.segments.push({ file, firstSeq, lastSeq: last.seq, bytes: decoded.validBytes })
    scan.records.push(...decoded.records)
  }
  scan.records.sort((a, b) => a.seq - b.seq)
  return scan
}

/** Renames every journal segment aside (they belong to a database that was moved aside as newer). */
export async function moveJournalAside(dir: string, tag: string): Promise<string[]> {
  const stamp = fileStamp()
  const moved: string[] = []
  for (const { file } of await listSegments(dir)) {
    const target = join(dir, `${file}.${tag}-${stamp}`)
    await rename(join(dir, file), target)
    moved.push(target)
  }
  return moved
}
