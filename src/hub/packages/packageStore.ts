import { createHash } from 'node:crypto'
import type { Readable } from 'node:stream'
import type { OrgId } from '../../shared/ids'
import type { Db, Queryable } from '../db/Db'
import { HubError } from '../core/HubError'

/**
 * Package contents live in the database, as 1 MiB bytea chunks, not in the data folder: a hub may
 * run as several stateless processes (on several machines) over one PostgreSQL, and a file in one
 * process's folder would be missing for the others; in the database a version, its bytes and its
 * change row share one store, one backup and one cascade when the org is deleted. Chunks keep a
 * process's memory to one chunk per upload or download whatever the size of the package.
 *
 * Chunks are written as they arrive, outside a transaction (on PGlite a transaction holds the only
 * connection, and an upload may be slow); the version stays 'uploading', invisible, until the
 * final transaction checks size and digest and marks it 'ready' with its change row. A failed
 * upload deletes its rows, so a refused upload leaves nothing behind.
 */
export const CHUNK_BYTES = 1024 * 1024

export interface PackageRow {
  id: string
  org_id: string
  name: string
  kind: 'module' | 'ml_model' | 'archive'
  created_at: Date | string
}

export interface VersionRow {
  package_id: string
  version: string
  sha256: string
  size: number | string
  created_at: Date | string
}

const iso = (v: Date | string): string => (v instanceof Date ? v : new Date(v)).toISOString()

export interface PackageView {
  id: string
  orgId: string
  name: string
  kind: PackageRow['kind']
  createdAt: string
  versions: { version: string; sha256: string; size: number; createdAt: string }[]
}

export async function loadPackages(db: Queryable, orgId: OrgId, packageId?: string): Promise<PackageView[]> {
  const packages = await db.query<PackageRow>(
    `SELECT id, org_id, name, kind, created_at FROM packages WHERE org_id = $1 AND ($2::text IS NULL OR id = $2) ORDER BY name`,
    [orgId, packageId ?? null],
  )
  if (packages.length === 0) return []
  const versions = await db.query<VersionRow>(
    `SELECT v.package_id, v.version, v.sha256, v.size, v.created_at FROM package_versions v
     JOIN packages p ON p.id = v.package_id
     WHERE p.org_id = $1 AND ($2::text IS NULL OR p.id = $2) AND v.state = 'ready' ORDER BY v.created_at, v.version`,
    [orgId, packageId ?? null],
  )
  return packages.map((p) => ({
    id: p.id,
    orgId: p.org_id,
    name: p.name,
    kind: p.kind,
    createdAt: iso(p.created_at),
    versions: versions
      .filter((v) => v.package_id === p.id)
      .map((v) => ({
        version: v.version,
        sha256: v.sha256,
        size: Number(v.size),
        createdAt: iso(v.created_at),
      })),
  }))
}

/** An upload left 'uploading' this long (its process died) may be replaced by a new one. */
const STALE_UPLOAD_MS = 60 * 60 * 1000

/** Claims the version for an upload; 409 when it exists (versions are immutable) or is being uploaded. */
export async function claimVersion(db: Db, packageId: string, version: string, now: Date): Promise<void> {
  await db.transaction(async (tx) => {
    const rows = await tx.query<{ state: string; created_at: Date | string }>(
      `SELECT state, created_at FROM package_versions WHERE package_id = $1 AND version = $2 FOR UPDATE`,
      [packageId, version],
    )
    const row = rows[0]
    if (row) {
      const stale =
        row.state === 'uploading' && now.getTime() - Date.parse(iso(row.created_at)) > STALE_UPLOAD_MS
      if (!stale)
        throw new HubError(
          'conflict',
          `Version ${version} exists or is being uploaded; versions are never overwritten.`,
        )
      await tx.query(`DELETE FROM package_versions WHERE package_id = $1 AND version = $2`, [
        packageId,
        version,
      ])
    }
    await tx.query(`INSERT INTO package_versions (package_id, version, state) VALUES ($1, $2, 'uploading')`, [
      packageId,
      version,
    ])
  })
}

export async function dropVersion(db: Queryable, packageId: string, version: string): Promise<void> {
  await db.query(`DELETE FROM package_versions WHERE package_id = $1 AND version = $2`, [packageId, version])
}

export interface Stored {
  size: number
  sha256: string
}

/**
 * Streams the body into chunks, hashing as it goes; refuses past `limit` bytes (413) without
 * reading further. bytea goes in as base64 text: the Db seam carries scalars only.
 */
export async function storeChunks(
  db: Queryable,
  packageId: string,
  version: string,
  body: Readable,
  limit: number,
): Promise<Stored> {
  const hash = createHash('sha256')
  let size = 0
  let seq = 0
  let pending: Buffer[] = []
  let pendingBytes = 0
  const flush = async (): Promise<void> => {
    if (pendingBytes === 0) return
    const chunk = Buffer.concat(pending, pendingBytes)
    pending = []
    pendingBytes = 0
    await db.query(
      `INSERT INTO package_chunks (package_id, version, seq, data) VALUES ($1, $2, $3, decode($4, 'base64'))`,
      [packageId, version, seq++, chunk.toString('base64')],
    )
  }
  for await (const piece of body) {
    const buf = Buffer.isBuffer(piece) ? piece : Buffer.from(piece as Uint8Array)
    size += buf.length
    if (size > limit) {
      body.destroy()
      throw new HubError('payload-too-large', `A package version may hold at most ${limit} bytes.`)
    }
    hash.update(buf)
    let offset = 0
    while (offset < buf.length) {
      const take = Math.min(CHUNK_BYTES - pendingBytes, buf.length - offset)
      pending.push(buf.subarray(offset, offset + take))
      pendingBytes += take
      offset += take
      if (pendingBytes === CHUNK_BYTES) await flush()
    }
  }
  await flush()
  return { size, sha256: hash.digest('hex') }
}

/** The chunks of a ready version, one query each, so a download holds one chunk in memory. */
export async function* readChunks(db: Queryable, packageId: string, version: string): AsyncGenerator<Buffer> {
  const rows = await db.query<{ n: number | string }>(
    `SELECT count(*) AS n FROM package_chunks WHERE package_id = $1 AND version = $2`,
    [packageId, version],
  )
  const count = Number(rows[0]?.n ?? 0)
  for (let seq = 0; seq < count; seq++) {
    const chunk = await db.query<{ data: Uint8Array }>(
      `SELECT data FROM package_chunks WHERE package_id = $1 AND version = $2 AND seq = $3`,
      [packageId, version, seq],
    )
    const data = chunk[0]?.data
    if (data === undefined) throw new HubError('internal', `Chunk ${seq} of ${version} is missing.`)
    yield Buffer.from(data.buffer, data.byteOffset, data.byteLength)
  }
}
